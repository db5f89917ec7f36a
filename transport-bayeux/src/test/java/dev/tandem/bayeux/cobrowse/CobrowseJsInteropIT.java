package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.support.SeedShapes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.NodeRunner;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.PageRules;
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

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_relay_the_page_stream_and_control_when_official_js_clients_cobrowse(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        CobrowseServices.bind(bayeux, SessionEngine.builder().build(),
                new PageRules(List.of(PageRules.Rule.of(".sensitive")), List.of(PageRules.Rule.of(".agent-readonly"))));
        try (TestServer server = TestServer.start(bayeux)) {
            NodeRunner.Result r = NodeRunner.node(List.of("stream-flow.mjs", server.url(), transport), 120);
            assertThat(r.exitCode()).as("node exit code; stdout %s; stderr %s", r.lines(), r.stderr()).isZero();
            List<JsonNode> events = r.lines().stream().map(s -> parse(s)).toList();
            assertThat(events.stream().filter(e -> e.path("event").asText().equals("handshake")))
                    .extracting(e -> e.path("transport").asText()).containsOnly(transport).hasSize(3);

            assertThat(normal(successData(reply(events, "customer", "session/rules", 0)))).isEqualTo(parse(
                    "{\"v\":1,\"mask\":[{\"selector\":\".sensitive\"}],\"readonly\":[{\"selector\":\".agent-readonly\"}]}"));
            for (int i = 0; i < 2; i++) {
                assertThat(fields(successData(reply(events, "customer", "session/stream", i)))).isEmpty();
            }
            JsonNode first = note(events, "agent", CobrowseServices.STREAM, 0).get("data");
            assertThat(fields(first)).containsExactly("v", "seq", "events", "snapshot");
            assertThat(first.get("events")).hasSize(2);
            assertThat(first.at("/events/1/data/node/childNodes/0/childNodes/0/childNodes/1/childNodes/0/textContent").asText())
                    .isEqualTo("Hello");
            assertThat(normal(note(events, "agent", CobrowseServices.STREAM, 1).get("data"))).isEqualTo(parse(
                    "{\"v\":1,\"seq\":2,\"events\":[{\"type\":3,\"timestamp\":3,\"data\":{\"source\":1,"
                            + "\"positions\":[{\"x\":1,\"y\":2,\"id\":5,\"timeOffset\":0}]}}]}"));
            List<JsonNode> replay = events.stream().filter(e -> e.path("who").asText().equals("late")
                    && e.path("message").path("channel").asText().equals(CobrowseServices.STREAM))
                    .map(e -> e.path("message").path("data")).takeWhile(d -> d.path("seq").asInt() <= 2).toList();
            assertThat(replay).as("the late agent's first messages").isNotEmpty()
                    .allSatisfy(d -> assertThat(d.path("replay").asBoolean()).isTrue());
            assertThat(replay.get(replay.size() - 1).get("seq").asInt()).isEqualTo(2);
            assertThat(replay.stream().mapToInt(d -> d.get("events").size()).sum()).isEqualTo(3);

            assertThat(normal(note(events, "customer", CobrowseServices.CONTROL, 0).get("data")))
                    .isEqualTo(parse("{\"v\":1,\"type\":\"resync\",\"from\":\"server\"}"));
            assertThat(normal(note(events, "customer", CobrowseServices.CONTROL, 1).get("data")))
                    .isEqualTo(parse("{\"v\":1,\"type\":\"click\",\"x\":1,\"y\":2,\"id\":5,\"from\":\"2\"}"));
            for (String agent : List.of("agent", "late")) {
                assertThat(normal(note(events, agent, CobrowseServices.CONTROL, 0).get("data"))).isEqualTo(parse(
                        "{\"v\":1,\"type\":\"refused\",\"of\":\"click\",\"reason\":\"read-only element\",\"from\":\"1\"}"));
            }

            JsonNode v2 = reply(events, "customer", "session/stream", 2);
            assertThat(v2.get("error").asText()).isEqualTo("400::wire version 2 is not supported by this server (it speaks 1);"
                    + " deploy matching server and client versions");
            assertError(reply(events, "customer", "session/stream", 3), 403);
            assertThat(note(events, "agent", CobrowseServices.STREAM, 2).at("/data/seq").asInt())
                    .as("the refused batch never reached the agent").isEqualTo(4);
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
