package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.support.SeedShapes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.NodeRunner;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.SessionEngine;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed's whole co-browse flow, run by the official CometD JavaScript client (npm {@code cometd} 9 with
 * {@code cometd-nodejs-client}) under Node over each transport: {@code src/test/node/seed-flow.mjs} prints
 * what it received as JSON lines, this test asserts their exact shapes.
 */
class CobrowseJsInteropIT {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling", "websocket-fallback"})
    void should_run_the_seed_flow_when_official_js_clients_cobrowse(String mode) throws Exception {
        // websocket-fallback: the client tries WebSocket first, the server does not offer it, the client falls back.
        boolean fallback = mode.equals("websocket-fallback");
        String transport = fallback ? "long-polling" : mode;
        BayeuxOptions options = fallback
                ? BayeuxOptions.DEFAULT.toBuilder().transports(List.of("long-polling", "callback-polling")).build()
                : BayeuxOptions.DEFAULT;
        BayeuxServer bayeux = BayeuxServer.builder().options(options).build();
        CobrowseServices.bind(bayeux, SessionEngine.builder().build());
        try (TestServer server = TestServer.start(bayeux)) {
            NodeRunner.Result r = NodeRunner.node(List.of("seed-flow.mjs", server.url(), fallback ? "websocket" : transport), 120);
            assertThat(r.exitCode()).as("node exit code; stdout %s; stderr %s", r.lines(), r.stderr()).isZero();
            List<JsonNode> events = r.lines().stream().map(s -> parse(s)).toList();

            assertThat(events.stream().filter(e -> e.path("event").asText().equals("handshake")))
                    .extracting(e -> e.path("transport").asText()).containsOnly(transport).hasSize(3);

            String token = assertCreated(successData(reply(events, "customer", "session/create", 0)));
            assertThat(token).hasSize(9);
            assertJoinReply(successData(reply(events, "customer", "session/join", 0)), 1, "[]");
            assertJoinReply(successData(reply(events, "agent", "session/join", 0)), 2,
                    "[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"}]");
            assertJoinReply(successData(reply(events, "controller", "session/join", 0)), 3,
                    "[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"},{\"userId\":\"2\",\"role\":2,\"name\":\"Bob\"}]");

            assertJoined(note(events, "customer", CobrowseServices.JOINED, 0), "{\"userId\":\"2\",\"role\":2,\"name\":\"Bob\"}");
            assertJoined(note(events, "customer", CobrowseServices.JOINED, 1), "{\"userId\":\"3\",\"role\":3}");
            assertJoined(note(events, "agent", CobrowseServices.JOINED, 0), "{\"userId\":\"3\",\"role\":3}");

            long activation = assertActivated(note(events, "customer", CobrowseServices.ACTIVATED, 0));
            assertThat(assertActivated(note(events, "agent", CobrowseServices.ACTIVATED, 0))).isEqualTo(activation);
            assertThat(assertActivated(note(events, "controller", CobrowseServices.ACTIVATED, 0))).isEqualTo(activation);

            assertError(reply(events, "customer", "session/stop", 0), 403);
            assertThat(fields(successData(reply(events, "controller", "session/stop", 0)))).isEmpty();
            for (String who : List.of("customer", "agent", "controller")) {
                assertDeactivated(note(events, who, CobrowseServices.DEACTIVATED, 0), activation, "external");
            }
            assertError(reply(events, "customer", "session/exit", 0), 404);
            assertThat(events.get(events.size() - 1).path("event").asText()).isEqualTo("done");
        }
    }

    private static JsonNode reply(List<JsonNode> events, String who, String target, int index) {
        return nth(events, e -> e.path("event").asText().equals("reply") && e.path("who").asText().equals(who)
                && e.path("target").asText().equals(target), index, who + " reply to " + target);
    }

    private static JsonNode note(List<JsonNode> events, String who, String channel, int index) {
        return nth(events, e -> e.path("event").asText().equals("notification") && e.path("who").asText().equals(who)
                && e.path("message").path("channel").asText().equals(channel), index, who + " notification " + channel);
    }

    private static JsonNode nth(List<JsonNode> events, Predicate<JsonNode> p, int index, String what) {
        List<JsonNode> found = events.stream().filter(p).toList();
        assertThat(found).as("%s in %s", what, events).hasSizeGreaterThan(index);
        return found.get(index).get("message");
    }
}
