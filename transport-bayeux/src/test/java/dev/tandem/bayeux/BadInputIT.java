package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.RawBayeux;
import dev.tandem.bayeux.support.TestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/** Every kind of bad input gets a Bayeux error or an HTTP 4xx, and the connection stays usable where it can. */
class BadInputIT {
    private TestServer server;

    private TestServer start(BayeuxOptions options) {
        BayeuxServer bayeux = BayeuxServer.builder().options(options).build();
        bayeux.addService("/service/echo", req -> Mono.just(ServiceReply.ok(req.data())));
        server = TestServer.start(bayeux);
        return server;
    }

    private TestServer start() {
        return start(BayeuxOptions.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Sends {@code batch}; returns the error message text (HTTP body, or the WebSocket error message). */
    private static String batchFailure(RawBayeux raw, String batch, int httpStatus) throws Exception {
        if (raw instanceof RawBayeux.Http http) {
            HttpResponse<String> r = http.post(batch);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(httpStatus);
            return r.body();
        }
        List<JsonNode> reply = raw.exchange(batch);
        assertThat(reply).hasSize(1);
        assertThat(reply.get(0).path("successful").asBoolean(true)).isFalse();
        assertThat(reply.get(0).path("error").asText()).startsWith(httpStatus + "::");
        return reply.get(0).path("error").asText();
    }

    private static JsonNode single(List<JsonNode> reply) {
        assertThat(reply).hasSize(1);
        return reply.get(0);
    }

    private static void assertError(JsonNode reply, String prefix) {
        assertThat(reply.path("successful").asBoolean(true)).as("%s", reply).isFalse();
        assertThat(reply.path("error").asText()).as("%s", reply).startsWith(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_refuse_the_batch_and_stay_usable_when_json_is_malformed_or_not_an_array(String transport) throws Exception {
        try (RawBayeux raw = RawBayeux.of(transport, start())) {
            assertThat(batchFailure(raw, "[{\"channel\":", 400)).contains("Malformed JSON");
            assertThat(batchFailure(raw, "{\"channel\":\"/meta/handshake\"}", 400)).contains("JSON array");
            assertThat(batchFailure(raw, "[]x", 400)).contains("Malformed JSON");
            assertThat(raw.handshake()).hasSizeGreaterThanOrEqualTo(27);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_reply_400_per_message_when_elements_are_not_messages(String transport) throws Exception {
        try (RawBayeux raw = RawBayeux.of(transport, start())) {
            List<JsonNode> reply = raw.exchange("[1,{\"id\":\"2\"},{\"id\":\"3\",\"channel\":5},{\"id\":\"4\",\"channel\":\"nochannel\"},"
                    + "{\"id\":\"5\",\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":\"websocket\"},"
                    + "{\"id\":\"6\",\"channel\":\"/meta/connect\",\"clientId\":{}},{\"id\":[],\"channel\":\"/a\"},"
                    + "{\"id\":\"8\",\"channel\":\"/meta/handshake\",\"ext\":\"x\",\"supportedConnectionTypes\":[\"websocket\"]}]");
            assertThat(reply).hasSize(8);
            for (JsonNode r : reply) {
                assertError(r, "400::");
            }
            assertThat(reply.get(0).path("channel").asText()).isEqualTo("/meta/unsuccessful");
            assertThat(reply.get(1).path("id").asText()).isEqualTo("2");
            assertThat(reply.get(1).path("error").asText()).contains("'channel' is missing");
            assertThat(reply.get(2).path("error").asText()).contains("'channel' must be a string");
            assertThat(reply.get(3).path("error").asText()).contains("not a channel name");
            assertThat(reply.get(4).path("error").asText()).contains("supportedConnectionTypes");
            assertThat(reply.get(5).path("error").asText()).contains("'clientId' must be a string");
            assertThat(reply.get(6).path("error").asText()).contains("'id'");
            assertThat(reply.get(7).path("error").asText()).contains("'ext' must be an object");
            raw.handshake();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_reply_402_with_handshake_advice_when_client_is_unknown(String transport) throws Exception {
        try (RawBayeux raw = RawBayeux.of(transport, start())) {
            JsonNode r = single(raw.connectNow("not-a-client"));
            assertThat(r.toString()).isEqualTo("{\"id\":\"c\",\"channel\":\"/meta/connect\",\"successful\":false,"
                    + "\"error\":\"402::Unknown client\",\"advice\":{\"reconnect\":\"handshake\",\"interval\":0}}");
            assertError(single(raw.exchange("[{\"id\":\"p\",\"channel\":\"/service/echo\",\"data\":{}}]")), "402::");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_deny_when_publishing_to_meta_or_wildcards_or_subscribing_to_meta(String transport) throws Exception {
        try (RawBayeux raw = RawBayeux.of(transport, start())) {
            String id = raw.handshake();
            String cid = "\"clientId\":\"" + id + "\"";
            List<JsonNode> r = raw.exchange("[{\"id\":\"1\",\"channel\":\"/meta/foo\"," + cid + ",\"data\":{}},"
                    + "{\"id\":\"2\",\"channel\":\"/chat/*\"," + cid + ",\"data\":{}},"
                    + "{\"id\":\"3\",\"channel\":\"/meta/subscribe\"," + cid + ",\"subscription\":\"/meta/connect\"},"
                    + "{\"id\":\"4\",\"channel\":\"/meta/subscribe\"," + cid + ",\"subscription\":\"/a/**/b\"},"
                    + "{\"id\":\"5\",\"channel\":\"/meta/subscribe\"," + cid + "},"
                    + "{\"id\":\"6\",\"channel\":\"/service/nobody\"," + cid + ",\"data\":{}},"
                    + "{\"id\":\"7\",\"channel\":\"/chat/room\"," + cid + "},"
                    + "{\"id\":\"8\",\"channel\":\"/meta/subscribe\"," + cid + ",\"subscription\":\"/service/x\"}]");
            assertThat(r).hasSize(9);
            assertError(r.get(0), "403::Unknown meta channel");
            assertError(r.get(1), "403::Cannot publish to the wildcard");
            assertError(r.get(2), "403::Meta channels cannot be subscribed");
            assertError(r.get(3), "400::");
            assertError(r.get(4), "400::'subscription' is missing");
            assertError(r.get(5), "404::No service answers on /service/nobody");
            assertThat(r.get(5).path("data").path("error").asText()).isEqualTo("No service answers on /service/nobody");
            // then the publish reply, without data, as CometD servers send it
            assertThat(r.get(6).toString()).isEqualTo("{\"id\":\"6\",\"channel\":\"/service/nobody\",\"successful\":true}");
            assertError(r.get(7), "400::'data' is missing");
            assertThat(r.get(8).path("successful").asBoolean()).isTrue();
            assertThat(r.get(8).path("subscription").asText()).isEqualTo("/service/x");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_refuse_the_batch_when_it_holds_too_many_messages(String transport) throws Exception {
        try (RawBayeux raw = RawBayeux.of(transport, start(BayeuxOptions.DEFAULT.toBuilder().maxBatchMessages(3).build()))) {
            String m = "{\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"websocket\"]}";
            assertThat(batchFailure(raw, "[" + m + "," + m + "," + m + "," + m + "]", 400)).contains("at most 3 messages");
            raw.handshake();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_reply_413_and_stay_usable_when_a_message_exceeds_its_channel_limit(String transport) throws Exception {
        BayeuxOptions options = BayeuxOptions.DEFAULT.toBuilder().maxMessageBytes(1000).maxLargeMessageBytes(10_000)
                .largeMessageChannels(List.of("/service/echo")).build();
        try (RawBayeux raw = RawBayeux.of(transport, start(options))) {
            String id = raw.handshake();
            String big = "x".repeat(2000);
            List<JsonNode> r = raw.exchange("[{\"id\":\"1\",\"channel\":\"/service/other\",\"clientId\":\"" + id + "\",\"data\":\"" + big + "\"},"
                    + "{\"id\":\"2\",\"channel\":\"/service/echo\",\"clientId\":\"" + id + "\",\"data\":\"" + big + "\"}]");
            assertError(r.get(0), "413::The message is ");
            assertThat(r.get(1).path("successful").asBoolean()).isTrue();
            assertThat(r.get(1).path("data").asText()).hasSize(2000);
        }
    }

    @Test
    void should_answer_413_when_http_body_exceeds_the_limit() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxMessageBytes(1000).maxLargeMessageBytes(10_000).build());
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            HttpResponse<String> r = raw.post("[{\"channel\":\"/x\",\"data\":\"" + "y".repeat(20_000) + "\"}]");
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.body()).contains("exceeds 10000 bytes");
        }
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            assertThat(raw.handshake()).isNotEmpty();
        }
    }

    @Test
    void should_close_with_1009_when_websocket_message_exceeds_the_limit() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxMessageBytes(1000).maxLargeMessageBytes(10_000).build());
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            raw.socket.sendText("[{\"channel\":\"/x\",\"data\":\"" + "y".repeat(20_000) + "\"}]", true);
            // 1009 when the close frame arrives; -1 when the kernel resets the connection first (the server
            // closes without reading the rest of the oversized frame).
            assertThat(raw.closed.get(5, TimeUnit.SECONDS)).isIn(1009, -1);
        }
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            assertThat(raw.handshake()).isNotEmpty();
        }
    }

    @Test
    void should_refuse_a_client_id_borrowed_by_another_connection() throws Exception {
        start();
        try (RawBayeux.Ws owner = new RawBayeux.Ws(server.wsUrl());
             RawBayeux.Ws thief = new RawBayeux.Ws(server.wsUrl());
             RawBayeux.Http httpThief = new RawBayeux.Http(server.url())) {
            String id = owner.handshake();
            assertError(single(thief.connectNow(id)), "402::Unknown client");
            assertError(single(httpThief.exchange("[{\"id\":\"1\",\"channel\":\"/meta/connect\",\"clientId\":\"" + id
                    + "\",\"connectionType\":\"long-polling\",\"advice\":{\"timeout\":0}}]")), "402::Unknown client");
            assertThat(single(owner.connectNow(id)).path("successful").asBoolean()).isTrue();
        }
    }

    @Test
    void should_serve_a_client_whose_browser_cookie_changed_when_clients_share_a_cookie_jar() throws Exception {
        // Two clients handshake at once without a cookie; the shared jar keeps the second one's cookie.
        start();
        try (RawBayeux.Http first = new RawBayeux.Http(server.url()); RawBayeux.Http second = new RawBayeux.Http(server.url())) {
            String id = first.handshake();
            second.handshake();
            assertThat(second.cookie).isNotEqualTo(first.cookie);
            assertThat(single(second.connectNow(id)).path("successful").asBoolean()).isTrue();
            assertThat(single(first.connectNow(id)).path("successful").asBoolean()).isTrue();
            assertError(single(first.connectNow("not-" + id)), "402::Unknown client");
        }
    }

    @Test
    void should_refuse_a_handshake_without_a_common_transport() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().transports(List.of("websocket")).build());
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            JsonNode r = single(raw.exchange("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"long-polling\"]}]"));
            assertError(r, "406::");
            assertThat(r.path("supportedConnectionTypes").toString()).isEqualTo("[\"websocket\"]");
        }
    }

    @Test
    void should_answer_400_when_get_is_neither_websocket_nor_jsonp() throws Exception {
        start();
        HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Bayeux endpoint");
    }

    @Test
    void should_send_binary_frames_an_error_and_stay_usable() throws Exception {
        start();
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            raw.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[]{1, 2}), true).get(5, TimeUnit.SECONDS);
            assertError(single(raw.next()), "400::Binary frames");
            raw.handshake();
        }
    }
}
