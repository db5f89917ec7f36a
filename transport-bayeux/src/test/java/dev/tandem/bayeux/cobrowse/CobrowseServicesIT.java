package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.support.SeedShapes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.RawBayeux;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.UserToken;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation, error mapping, userToken binding and disconnect handling of the co-browse channels. */
class CobrowseServicesIT {
    private final List<String> disconnected = new CopyOnWriteArrayList<>();
    private TestServer server;

    /** The real engine, recording {@code disconnected} calls (a proxy, so it follows the interface as it grows). */
    private SessionEngine recordingEngine() {
        SessionEngine real = SessionEngine.builder().build();
        return (SessionEngine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{SessionEngine.class}, (p, m, args) -> {
            if (m.getName().equals("disconnected")) {
                disconnected.add(((UserToken) args[0]).value());
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @BeforeEach
    void start() {
        BayeuxServer bayeux = BayeuxServer.builder().options(BayeuxOptions.DEFAULT.toBuilder()
                .maxInterval(Duration.ofMillis(500)).sweepPeriod(Duration.ofMillis(50)).build()).build();
        CobrowseServices.bind(bayeux, recordingEngine());
        server = TestServer.start(bayeux);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A raw WebSocket member; keeps notifications apart from replies. */
    private final class Peer implements AutoCloseable {
        final RawBayeux.Ws ws;
        final String clientId;
        final List<JsonNode> notifications = new ArrayList<>();
        final AtomicInteger ids = new AtomicInteger();

        Peer() throws Exception {
            ws = new RawBayeux.Ws(server.wsUrl());
            clientId = ws.handshake();
        }

        JsonNode call(String channel, String data) throws Exception {
            String id = "m" + ids.incrementAndGet();
            ws.send("[{\"id\":\"" + id + "\",\"channel\":\"/service/session/" + channel + "\",\"clientId\":\"" + clientId
                    + "\",\"data\":" + data + "}]");
            while (true) {
                for (JsonNode m : ws.next()) {
                    if (id.equals(m.path("id").asText())) {
                        return m;
                    }
                    notifications.add(m);
                }
            }
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    private static String token(JsonNode createReply) {
        return successData(createReply).get("sessionToken").asText();
    }

    @Test
    void should_answer_400_before_the_engine_when_requests_are_malformed() throws Exception {
        try (Peer p = new Peer()) {
            String t = token(p.call("create", "{}"));
            assertError(p.call("create", "[]"), 400);
            assertError(p.call("join", "\"x\""), 400);
            assertThat(p.call("join", "{\"role\":1}").path("error").asText()).isEqualTo("400::'sessionToken' is missing: send the 9-digit token of the session");
            assertError(p.call("join", "{\"sessionToken\":\"12345\",\"role\":1}"), 400);
            // A number, not a string (parsed: a token such as 012345678 is not valid JSON as it stands).
            assertError(p.call("join", "{\"sessionToken\":" + Long.parseLong(t) + ",\"role\":1}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\"}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":4}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":\"1\"}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1.5}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1,\"name\":5}"), 400);
            assertError(p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1,\"userToken\":\"short\"}"), 400);
            assertError(p.call("exit", "{}"), 400);
            assertError(p.call("stop", "{\"userToken\":7}"), 400);
            JsonNode r = p.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1}");
            assertThat(fields(successData(r))).contains("userToken");
        }
    }

    @Test
    void should_map_engine_errors_to_bayeux_codes_with_the_engine_message() throws Exception {
        try (Peer customer = new Peer(); Peer other = new Peer()) {
            JsonNode unknown = customer.call("join", "{\"sessionToken\":\"000000000\",\"role\":2}");
            assertError(unknown, 404);
            assertThat(unknown.path("data").path("error").asText()).startsWith("No live session has token 000000000");
            String t = token(customer.call("create", "{}"));
            customer.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1}");
            assertError(other.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1}"), 403);
        }
    }

    @Test
    void should_refuse_another_clients_user_token_until_it_resumes_with_it() throws Exception {
        try (Peer customer = new Peer(); Peer agent = new Peer(); Peer thief = new Peer()) {
            String t = token(customer.call("create", "{}"));
            String master = successData(customer.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1,\"name\":\"John\"}"))
                    .get("userToken").asText();
            String slave = successData(agent.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":2}")).get("userToken").asText();
            JsonNode refused = thief.call("page", "{\"userToken\":\"" + master + "\",\"url\":\"https://shop.example/cart\"}");
            assertError(refused, 403);
            assertThat(refused.path("data").path("error").asText()).contains("resume");

            JsonNode resumed = thief.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1,\"userToken\":\"" + master + "\"}");
            assertThat(successData(resumed).get("userId").asInt()).isEqualTo(1);
            assertThat(thief.call("page", "{\"userToken\":\"" + master + "\",\"url\":\"https://shop.example/cart\"}")
                    .path("successful").asBoolean()).isTrue();
            assertError(customer.call("page", "{\"userToken\":\"" + master + "\",\"url\":\"https://shop.example/\"}"), 403);
            assertError(agent.call("page", "{\"userToken\":\"" + slave + "\",\"url\":\"https://shop.example/\"}"), 403);
            assertError(thief.call("page", "{\"userToken\":\"" + master + "\"}"), 400);

            assertThat(fields(successData(agent.call("exit", "{\"userToken\":\"" + slave + "\"}")))).isEmpty();
        }
    }

    @Test
    void should_tell_the_engine_when_a_client_holding_user_tokens_is_removed() throws Exception {
        String master;
        try (Peer customer = new Peer()) {
            String t = token(customer.call("create", "{}"));
            master = successData(customer.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1}")).get("userToken").asText();
        }
        Await.until("the expired client's token to be reported", Duration.ofSeconds(5), () -> disconnected.contains(master));
        assertThat(disconnected).containsExactly(master);
    }

    @Test
    void should_refuse_the_page_stream_channels_to_clients_not_holding_the_token_and_to_ended_sessions() throws Exception {
        try (Peer customer = new Peer(); Peer other = new Peer()) {
            String t = token(customer.call("create", "{}"));
            String master = successData(customer.call("join", "{\"sessionToken\":\"" + t + "\",\"role\":1}")).get("userToken").asText();
            for (String channel : List.of("rules", "control", "stream")) {
                JsonNode r = other.call(channel, "{\"userToken\":\"" + master + "\",\"v\":1,\"type\":\"x\",\"seq\":1,\"events\":[]}");
                assertError(r, 403);
                assertThat(r.path("error").asText()).as(channel).contains("not held by this connection");
            }
            assertThat(customer.call("control", "{\"userToken\":\"" + master + "\",\"type\":\"x\"}").path("error").asText())
                    .isEqualTo("400::'v' is missing: this server speaks wire version 1; deploy matching server and client versions");
            assertError(customer.call("stream", "{\"userToken\":\"" + master + "\",\"v\":1,\"seq\":1,\"events\":[1]}"), 400);
            assertThat(fields(successData(customer.call("exit", "{\"userToken\":\"" + master + "\"}")))).isEmpty();
            assertError(customer.call("rules", "{\"userToken\":\"" + master + "\"}"), 403);
        }
    }
}
