package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.support.SeedShapes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.PageRules;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tandem's page-stream channels ({@code stream}, {@code control}, {@code rules}) run by the official CometD Java
 * client over each transport: what the agents receive, in order, and what the server refuses.
 */
class CobrowseStreamIT {
    private static final String URL = "https://shop.example/checkout";
    private static final PageRules RULES = new PageRules(
            List.of(PageRules.Rule.of(".sensitive"), new PageRules.Rule("#promo", Optional.of("/checkout"))),
            List.of(PageRules.Rule.of(".agent-readonly")));
    private static final int MIB = 1024 * 1024;
    private static final Map<String, Object> BIG = Map.of("maxMessageSize", 16 * MIB, "ws.maxMessageSize", 16 * MIB,
            "maxSendBayeuxMessageSize", 16 * MIB);

    /** One official client and what it received on Tandem's notification channels. */
    private static final class Member {
        final BayeuxClient client;
        final BlockingQueue<JsonNode> stream = new LinkedBlockingQueue<>();
        final BlockingQueue<JsonNode> control = new LinkedBlockingQueue<>();
        String userToken;

        Member(BayeuxClient client) {
            this.client = client;
            client.getChannel(CobrowseServices.STREAM).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
                if (m.getId() == null) {
                    stream.add(tree(m).get("data"));
                }
            });
            client.getChannel(CobrowseServices.CONTROL).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
                if (m.getId() == null) {
                    control.add(tree(m).get("data"));
                }
            });
            client.handshake();
            assertThat(client.waitFor(5000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
        }

        JsonNode call(String target, Object data) throws Exception {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            client.remoteCall(target, data, reply::complete);
            return tree(reply.get(10, TimeUnit.SECONDS));
        }

        JsonNode join(String sessionToken, int role) throws Exception {
            JsonNode data = successData(call("session/join", Map.of("sessionToken", sessionToken, "role", role)));
            userToken = data.get("userToken").asText();
            return data;
        }

        /** Sends a batch as the client does; returns the reply. */
        JsonNode stream(long seq, boolean snapshot, String eventsJson) throws Exception {
            ObjectNode data = JSON.createObjectNode().put("userToken", userToken).put("v", 1).put("seq", seq);
            data.set("events", parse(eventsJson));
            if (snapshot) {
                data.put("snapshot", true);
            }
            return call("session/stream", JSON.convertValue(data, Map.class));
        }

        JsonNode control(String bodyJson) throws Exception {
            ObjectNode data = (ObjectNode) parse(bodyJson);
            data.put("userToken", userToken);
            return call("session/control", JSON.convertValue(data, Map.class));
        }

        static JsonNode next(BlockingQueue<JsonNode> queue, String what) throws InterruptedException {
            JsonNode m = queue.poll(10, TimeUnit.SECONDS);
            assertThat(m).as(what).isNotNull();
            return normal(m);
        }
    }

    private static final String META = "{\"type\":4,\"data\":{\"href\":\"" + URL + "\",\"width\":800,\"height\":600},\"timestamp\":1}";

    /** A FullSnapshot: a masked paragraph, a masked input, a free input, the URL-scoped promo, optional padding text. */
    private static String fullSnapshot(String padding) {
        return "{\"type\":2,\"timestamp\":2,\"data\":{\"initialOffset\":{\"top\":0,\"left\":0},\"node\":{\"type\":0,\"id\":1,\"childNodes\":["
                + "{\"type\":2,\"id\":2,\"tagName\":\"html\",\"attributes\":{},\"childNodes\":[{\"type\":2,\"id\":3,\"tagName\":\"body\","
                + "\"attributes\":{},\"childNodes\":["
                + "{\"type\":2,\"id\":4,\"tagName\":\"p\",\"attributes\":{\"class\":\"sensitive\"},\"childNodes\":[{\"type\":3,\"id\":5,\"textContent\":\"**** ****\"}]},"
                + "{\"type\":2,\"id\":6,\"tagName\":\"input\",\"attributes\":{\"class\":\"sensitive\",\"value\":\"****\"},\"childNodes\":[]},"
                + "{\"type\":2,\"id\":7,\"tagName\":\"input\",\"attributes\":{\"value\":\"free\"},\"childNodes\":[]},"
                + "{\"type\":2,\"id\":8,\"tagName\":\"p\",\"attributes\":{\"id\":\"promo\"},\"childNodes\":[{\"type\":3,\"id\":9,\"textContent\":\"*****\"}]},"
                + "{\"type\":2,\"id\":10,\"tagName\":\"p\",\"attributes\":{},\"childNodes\":[{\"type\":3,\"id\":11,\"textContent\":\"" + padding + "\"}]}"
                + "]}]}]}}}";
    }

    private static final String MOUSE = "[{\"type\":3,\"timestamp\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":10,\"y\":20,\"id\":3,\"timeOffset\":0}]}}]";
    private static final String TYPED_FREE = "[{\"type\":3,\"timestamp\":4,\"data\":{\"source\":5,\"id\":7,\"text\":\"hello\",\"isChecked\":false}}]";
    private static final String TYPED_MASKED = "[{\"type\":3,\"timestamp\":5,\"data\":{\"source\":5,\"id\":6,\"text\":\"4111 1111 1111 1111\",\"isChecked\":false}}]";
    private static final String TYPED_MASKED_OK = "[{\"type\":3,\"timestamp\":6,\"data\":{\"source\":5,\"id\":6,\"text\":\"*******\",\"isChecked\":false}}]";

    private static JsonNode expected(long seq, boolean snapshot, String eventsJson) {
        ObjectNode o = JSON.createObjectNode().put("v", 1).put("seq", seq);
        o.set("events", parse(eventsJson));
        if (snapshot) {
            o.put("snapshot", true);
        }
        return normal(o);
    }

    private static String snapshotEvents(String padding) {
        return "[" + META + "," + fullSnapshot(padding) + "]";
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_relay_the_page_and_control_and_refuse_what_the_contract_refuses_when_official_java_clients_cobrowse(String transport)
            throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        CobrowseServices.bind(bayeux, SessionEngine.builder().build(), RULES);
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            Member customer = new Member(clients.client(server.url(), transport, BIG));
            String token = assertCreated(successData(customer.call("session/create", Map.of())));
            customer.join(token, 1);
            assertThat(fields(successData(customer.call("session/page", Map.of("userToken", customer.userToken, "url", URL))))).isEmpty();
            assertThat(normal(successData(customer.call("session/rules", Map.of("userToken", customer.userToken))))).isEqualTo(parse(
                    "{\"v\":1,\"mask\":[{\"selector\":\".sensitive\"},{\"selector\":\"#promo\",\"url\":\"/checkout\"}],"
                            + "\"readonly\":[{\"selector\":\".agent-readonly\"}]}"));

            Member agent = new Member(clients.client(server.url(), transport, BIG));
            agent.join(token, 2);
            assertThat(Member.next(customer.control, "the engine asks for a first snapshot"))
                    .isEqualTo(parse("{\"v\":1,\"type\":\"resync\",\"from\":\"server\"}"));

            // The page: a snapshot of about 2 MiB (one message, as the client sends a real page), then increments.
            String padding = "x".repeat(2 * MIB);
            assertThat(fields(successData(customer.stream(1, true, snapshotEvents(padding))))).isEmpty();
            assertThat(fields(successData(customer.stream(2, false, MOUSE)))).isEmpty();
            assertThat(fields(successData(customer.stream(3, false, TYPED_FREE)))).isEmpty();
            assertThat(Member.next(agent.stream, "batch 1")).isEqualTo(expected(1, true, snapshotEvents(padding)));
            assertThat(Member.next(agent.stream, "batch 2")).isEqualTo(expected(2, false, MOUSE));
            assertThat(Member.next(agent.stream, "batch 3")).isEqualTo(expected(3, false, TYPED_FREE));

            // A late agent gets the log right after its join reply, as replay messages (one per MiB of events).
            Member late = new Member(clients.client(server.url(), transport, BIG));
            late.join(token, 3);
            assertThat(replayed(late, 3)).isEqualTo(concat(snapshotEvents(padding), MOUSE, TYPED_FREE));

            // Control: agent → master only, master → every agent, with 'from' and without the userToken.
            assertThat(fields(successData(agent.control("{\"v\":1,\"type\":\"pointer\",\"x\":5,\"y\":6,\"id\":7}")))).isEmpty();
            assertThat(Member.next(customer.control, "the pointer")).isEqualTo(parse("{\"v\":1,\"type\":\"pointer\",\"x\":5,\"y\":6,\"id\":7,\"from\":\"2\"}"));
            successData(customer.control("{\"v\":1,\"type\":\"writeGranted\"}"));
            assertThat(Member.next(agent.control, "writeGranted")).isEqualTo(parse("{\"v\":1,\"type\":\"writeGranted\",\"from\":\"1\"}"));
            assertThat(Member.next(late.control, "writeGranted")).isEqualTo(parse("{\"v\":1,\"type\":\"writeGranted\",\"from\":\"1\"}"));

            // An agent's resync, with a whole and short log: the log again, to that agent only.
            successData(agent.control("{\"v\":1,\"type\":\"resync\"}"));
            assertThat(replayed(agent, 3)).hasSize(4);
            assertThat(late.stream.poll()).as("the other agent gets no replay").isNull();

            // Refusals: another wire version, a non-master stream, masked content.
            String v2 = "400::wire version 2 is not supported by this server (it speaks 1); deploy matching server and client versions";
            assertThat(customer.call("session/stream", Map.of("userToken", customer.userToken, "v", 2, "seq", 4, "events", List.of()))
                    .get("error").asText()).isEqualTo(v2);
            assertThat(agent.call("session/control", Map.of("userToken", agent.userToken, "v", 2, "type", "pointer"))
                    .get("error").asText()).isEqualTo(v2);
            JsonNode notMaster = agent.stream(4, false, MOUSE);
            assertError(notMaster, 403);
            assertThat(notMaster.get("error").asText()).contains("Only the master");
            JsonNode leaked = customer.stream(4, false, TYPED_MASKED);
            assertError(leaked, 403);
            assertThat(leaked.get("error").asText()).contains("rrweb node 6").contains("rule '.sensitive'").doesNotContain("4111");

            // The server keeps serving: the next batches reach the agents, the refused one never did.
            successData(customer.stream(5, false, TYPED_MASKED_OK));
            assertThat(Member.next(agent.stream, "batch 5, right after batch 3")).isEqualTo(expected(5, false, TYPED_MASKED_OK));
            assertThat(Member.next(late.stream, "batch 5 to the late agent")).isEqualTo(expected(5, false, TYPED_MASKED_OK));

            // The log now misses batch 4: a resync goes to the master, which sends a new snapshot to everyone.
            successData(agent.control("{\"v\":1,\"type\":\"resync\"}"));
            assertThat(Member.next(customer.control, "the agent's resync")).isEqualTo(parse("{\"v\":1,\"type\":\"resync\",\"from\":\"2\"}"));
            successData(customer.stream(6, true, snapshotEvents("again")));
            assertThat(Member.next(agent.stream, "the new snapshot")).isEqualTo(expected(6, true, snapshotEvents("again")));
            assertThat(agent.stream.poll()).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_refuse_a_snapshot_with_a_password_and_its_page_until_the_next_snapshot(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        CobrowseServices.bind(bayeux, SessionEngine.builder().build(), RULES);
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            Member customer = new Member(clients.client(server.url(), transport, BIG));
            String token = assertCreated(successData(customer.call("session/create", Map.of())));
            customer.join(token, 1);
            Member agent = new Member(clients.client(server.url(), transport, BIG));
            agent.join(token, 2);
            String leaking = "[" + META + "," + fullSnapshot("text").replace("\"value\":\"free\"", "\"type\":\"password\",\"value\":\"hunter2\"") + "]";
            JsonNode refused = customer.stream(1, true, leaking);
            assertError(refused, 403);
            assertThat(refused.get("error").asText()).contains("always masked (input[type=password])").doesNotContain("hunter2");
            JsonNode after = customer.stream(2, false, MOUSE);
            assertError(after, 403);
            assertThat(after.get("error").asText()).contains("snapshot of this page was refused");
            successData(customer.stream(3, true, snapshotEvents("fixed")));
            assertThat(Member.next(agent.stream, "the first accepted snapshot")).isEqualTo(expected(3, true, snapshotEvents("fixed")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_answer_gone_to_a_batch_that_crosses_the_end_of_the_session_and_free_the_page(String transport)
            throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        CobrowseServices services = CobrowseServices.bind(bayeux, SessionEngine.builder().build(), RULES);
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            Member customer = new Member(clients.client(server.url(), transport, BIG));
            String token = assertCreated(successData(customer.call("session/create", Map.of())));
            customer.join(token, 1);
            long offHeapBefore = CobrowseServices.pageStreamOffHeapBytes();
            Member controller = new Member(clients.client(server.url(), transport, BIG));
            controller.join(token, 3);
            successData(customer.stream(1, true, snapshotEvents("text")));
            successData(customer.stream(2, false, MOUSE));
            assertThat(CobrowseServices.pageStreamOffHeapBytes()).as("the log off the heap").isGreaterThan(offHeapBefore);
            Member agent = new Member(clients.client(server.url(), transport, BIG));
            agent.join(token, 2);
            assertThat(replayed(agent, 2)).as("a late agent's replay, read from the log").isEqualTo(concat(snapshotEvents("text"), MOUSE));
            successData(controller.call("session/stop", Map.of("userToken", controller.userToken)));
            Await.until("the page state dropped with the session", Duration.ofSeconds(10),
                    () -> services.existingPage(new dev.tandem.core.SessionToken(token)) == null);

            // The customer's browser has not read its deactivated notification yet and sends one more batch.
            JsonNode late = customer.stream(3, false, MOUSE);
            assertError(late, 410);
            assertThat(late.get("error").asText()).contains("session has ended");
            JsonNode report = customer.call("session/page", Map.of("userToken", customer.userToken, "url", URL));
            assertThat(report.path("successful").asBoolean()).isFalse();
            assertThat(services.existingPage(new dev.tandem.core.SessionToken(token))).as("no page state made for an ended session").isNull();
            Await.until("the log's off-heap bytes freed with the session", Duration.ofSeconds(10),
                    () -> CobrowseServices.pageStreamOffHeapBytes() <= offHeapBefore);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_refuse_oversized_stream_batches_and_keep_serving(String transport) throws Exception {
        BayeuxOptions small = BayeuxOptions.DEFAULT.toBuilder().maxMessageBytes(64 * 1024).maxLargeMessageBytes(512 * 1024).build();
        BayeuxServer bayeux = BayeuxServer.builder().options(small).build();
        SessionEngine engine = SessionEngine.builder().options(SessionOptions.DEFAULT.toBuilder().maxStreamChunkBytes(256 * 1024).build()).build();
        CobrowseServices.bind(bayeux, engine, RULES);
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            Member customer = new Member(clients.client(server.url(), transport, BIG));
            String token = assertCreated(successData(customer.call("session/create", Map.of())));
            customer.join(token, 1);
            Member agent = new Member(clients.client(server.url(), transport, BIG));
            agent.join(token, 2);
            successData(customer.stream(1, true, snapshotEvents("a".repeat(200 * 1024))));
            assertThat(Member.next(agent.stream, "a 200 KiB snapshot")).isNotNull();

            // Within the transport's limit (512 KiB) but over the engine's (256 KiB): a Bayeux error the client reads.
            JsonNode tooBig = customer.stream(2, false, "[{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"x\",\"payload\":\"" + "b".repeat(300 * 1024) + "\"}}]");
            assertError(tooBig, 400);
            assertThat(tooBig.get("error").asText()).contains("exceeds the limit of 262144 bytes");

            // Over the transport's limit: the WebSocket is closed with 1009 / the HTTP request answered 413.
            JsonNode overLimit = customer.stream(3, false, "[{\"type\":5,\"timestamp\":1,\"data\":{\"tag\":\"x\",\"payload\":\"" + "c".repeat(600 * 1024) + "\"}}]");
            assertThat(overLimit.path("successful").asBoolean(false)).isFalse();

            // The server keeps serving (the WebSocket client reconnects first): the next batch reaches the agent, and
            // nothing of the two refused ones did.
            long seq = 4;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!customer.stream(seq, false, MOUSE).path("successful").asBoolean()) {
                assertThat(System.nanoTime()).as("a batch accepted again within 10 s").isLessThan(deadline);
                seq++;
            }
            JsonNode next;
            do {
                next = Member.next(agent.stream, "the batch after the refused ones");
                assertThat(next.get("seq").asLong()).isNotIn(2L, 3L);
            } while (next.get("seq").asLong() != seq);
            assertThat(next).isEqualTo(expected(seq, false, MOUSE));
        }
    }

    /** The events of the replay messages {@code member} gets, up to the one with {@code lastSeq}. */
    private static JsonNode replayed(Member member, long lastSeq) throws InterruptedException {
        ArrayNode events = JSON.createArrayNode();
        long seq = 0;
        while (seq < lastSeq) {
            JsonNode part = Member.next(member.stream, "a replay message");
            assertThat(fields(part)).containsExactlyInAnyOrder("v", "seq", "events", "replay");
            assertThat(part.get("replay").asBoolean()).isTrue();
            assertThat(part.get("seq").asLong()).isGreaterThan(seq);
            seq = part.get("seq").asLong();
            part.get("events").forEach(events::add);
        }
        assertThat(seq).isEqualTo(lastSeq);
        return events;
    }

    private static JsonNode concat(String... arrays) {
        ArrayNode out = JSON.createArrayNode();
        for (String a : arrays) {
            parse(a).forEach(out::add);
        }
        return normal(out);
    }
}
