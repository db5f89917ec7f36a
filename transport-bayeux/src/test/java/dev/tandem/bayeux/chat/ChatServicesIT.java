package dev.tandem.bayeux.chat;

import static dev.tandem.bayeux.support.SeedShapes.assertError;
import static dev.tandem.bayeux.support.SeedShapes.successData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.RawBayeux;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.chat.ChatOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Validation, roles, error codes, userToken binding and disconnects of the chat channels, over raw WebSocket. */
class ChatServicesIT {
    private static final String UNKNOWN_CHAT = "3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b";
    private TestServer server;
    private ChatEngine engine;

    @BeforeEach
    void start() {
        // The raw peers never hold a /meta/connect: the default maxInterval (10 s) keeps them while a test runs.
        BayeuxServer bayeux = BayeuxServer.builder().options(BayeuxOptions.DEFAULT).build();
        engine = ChatEngine.builder().options(ChatOptions.DEFAULT.toBuilder().maxLiveChats(3).build()).build();
        ChatServices.bind(bayeux, engine);
        server = TestServer.start(bayeux);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A raw WebSocket client; keeps notifications apart from replies. */
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
            ws.send("[{\"id\":\"" + id + "\",\"channel\":\"/service/chat/" + channel + "\",\"clientId\":\"" + clientId
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

        JsonNode ok(String channel, String data) throws Exception {
            return successData(call(channel, data));
        }

        /** The notifications on {@code channel} so far (polling with a connect to collect any in flight). */
        List<JsonNode> received(String channel) throws Exception {
            call("list", "{\"v\":1}"); // any round-trip flushes what was queued before it
            return notifications.stream().filter(n -> n.path("channel").asText().equals(channel)).toList();
        }

        /**
         * The notifications on {@code channel} once there are at least {@code count}: a notification of another
         * member's request may still be on its way when that request's reply came.
         */
        List<JsonNode> awaitReceived(String channel, int count) {
            Await.until(count + " notifications on " + channel, Duration.ofSeconds(10), () -> receivedNow(channel).size() >= count);
            return receivedNow(channel);
        }

        /** The first notification on {@code channel} whose data has this {@code type}, waited for. */
        JsonNode awaitType(String channel, String type) {
            Await.until("a '" + type + "' notification on " + channel, Duration.ofSeconds(10),
                    () -> receivedNow(channel).stream().anyMatch(n -> n.path("data").path("type").asText().equals(type)));
            return receivedNow(channel).stream().filter(n -> n.path("data").path("type").asText().equals(type)).findFirst().orElseThrow();
        }

        private List<JsonNode> receivedNow(String channel) {
            try {
                return received(channel);
            } catch (Exception e) {
                throw new AssertionError("the round trip that collects notifications failed", e);
            }
        }

        /** Leaves the server as a closing page does: {@code /meta/disconnect}, then the socket goes. */
        void disconnect() throws Exception {
            ws.send("[{\"id\":\"d\",\"channel\":\"/meta/disconnect\",\"clientId\":\"" + clientId + "\"}]");
            ws.next();
            ws.close();
        }

        @Override
        public void close() {
            ws.close();
        }
    }

    private static String text(JsonNode reply) {
        return reply.path("error").asText();
    }

    @Test
    void should_answer_400_before_the_engine_when_requests_are_malformed() throws Exception {
        try (Peer p = new Peer(); Peer agent = new Peer()) {
            assertThat(text(p.call("start", "[]"))).startsWith("400::The start request's data must be an object");
            assertThat(text(p.call("start", "{}"))).isEqualTo(
                    "400::'v' is missing: this server speaks wire version 1; deploy matching server and client versions");
            assertThat(text(p.call("start", "{\"v\":2}"))).isEqualTo(
                    "400::wire version 2 is not supported by this server (it speaks 1); deploy matching server and client versions");
            assertThat(text(p.call("start", "{\"v\":\"1\"}"))).startsWith("400::wire version \"1\" is not supported");
            assertError(p.call("start", "{\"v\":1,\"nickname\":7}"), 400);
            assertThat(text(p.call("start", "{\"v\":1,\"nickname\":\"" + "x".repeat(65) + "\"}")))
                    .isEqualTo("400::'nickname' is 65 characters long; at most 64 are accepted");
            JsonNode started = p.ok("start", "{\"v\":1}");
            String token = started.get("userToken").asText();
            String chatId = started.get("chatId").asText();
            assertThat(text(p.call("send", "{\"v\":1,\"userToken\":\"" + token + "\"}")))
                    .isEqualTo("400::'text' is missing: send the message as a string");
            assertThat(text(p.call("send", "{\"v\":1,\"userToken\":\"" + token + "\",\"text\":\"  \"}")))
                    .isEqualTo("400::'text' is empty: send some text");
            assertThat(text(p.call("send", "{\"v\":1,\"userToken\":\"" + token + "\",\"text\":\"" + "y".repeat(4097) + "\"}")))
                    .isEqualTo("400::A message of 4097 characters exceeds the limit of 4096; send a shorter one");
            assertError(p.call("send", "{\"v\":1,\"userToken\":\"" + token + "\",\"kind\":\"image\",\"text\":\"x\"}"), 400);
            assertThat(text(p.call("send", "{\"v\":1,\"userToken\":\"" + token + "\",\"kind\":\"cobrowse\",\"sessionToken\":\"12\"}")))
                    .isEqualTo("400::'sessionToken' must be a string of 9 digits, e.g. \"123456789\"");
            assertThat(text(p.call("send", "{\"v\":1,\"userToken\":\"short\",\"text\":\"x\"}")))
                    .isEqualTo("400::'userToken' is not a userToken: send the one the server gave you in this chat");
            assertError(p.call("typing", "{\"v\":1,\"userToken\":\"" + token + "\",\"typing\":\"yes\"}"), 400);
            assertError(p.call("leave", "{\"v\":1}"), 400);
            assertThat(text(p.call("restore", "{\"v\":1,\"chatId\":\"nope\",\"userToken\":\"" + token + "\"}")))
                    .startsWith("400::'chatId' must be a chat id, a UUID");
            assertError(p.call("restore", "{\"v\":1,\"chatId\":\"" + chatId + "\",\"userToken\":\"" + token + "\",\"since\":-1}"), 400);
            agent.ok("agent", "{\"v\":1}");
            assertError(agent.call("list", "{\"v\":1,\"watch\":\"yes\"}"), 400);
            assertError(agent.call("accept", "{\"v\":1}"), 400);

            // Nothing broke: the chat goes on.
            assertThat(p.ok("send", "{\"v\":1,\"userToken\":\"" + token + "\",\"text\":\"still here\"}")
                    .get("message").get("seq").asInt()).isEqualTo(1);
        }
    }

    @Test
    void should_answer_403_when_a_connection_acts_outside_its_role() throws Exception {
        try (Peer customer = new Peer(); Peer agent = new Peer(); Peer fresh = new Peer()) {
            JsonNode started = customer.ok("start", "{\"v\":1,\"nickname\":\"John\"}");
            String chatId = started.get("chatId").asText();
            String customerToken = started.get("userToken").asText();

            assertThat(text(customer.call("list", "{\"v\":1}"))).startsWith("403::Only agents may list waiting chats");
            assertThat(text(customer.call("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}"))).startsWith("403::Only agents may accept chats");
            assertThat(text(customer.call("agent", "{\"v\":1}"))).startsWith("403::This connection is a customer's");
            assertThat(text(fresh.call("list", "{\"v\":1}"))).contains("sign in on /service/chat/agent");

            agent.ok("agent", "{\"v\":1,\"nickname\":\"Bob\"}");
            assertThat(text(agent.call("start", "{\"v\":1}"))).startsWith("403::This connection signed in as an agent");
            String agentToken = agent.ok("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}").get("userToken").asText();

            assertThat(text(agent.call("send", "{\"v\":1,\"userToken\":\"" + customerToken + "\",\"text\":\"spoof\"}")))
                    .startsWith("403::This userToken is not held by this connection");
            assertThat(text(fresh.call("typing", "{\"v\":1,\"userToken\":\"" + agentToken + "\",\"typing\":true}")))
                    .startsWith("403::");
            assertThat(text(agent.call("send", "{\"v\":1,\"userToken\":\"" + agentToken
                    + "\",\"kind\":\"cobrowse\",\"sessionToken\":\"123456789\"}")))
                    .startsWith("403::Only the customer shares a co-browse session");
            assertThat(text(fresh.call("restore", "{\"v\":1,\"chatId\":\"" + chatId + "\",\"userToken\":\"" + agentToken + "\"}")))
                    .startsWith("403::This userToken is an agent's");

            // The agent that was refused a restore elsewhere still has its chat and its connection's binding? No: the
            // restore took the member; the agent's own connection restores it back.
            JsonNode back = agent.ok("restore", "{\"v\":1,\"chatId\":\"" + chatId + "\",\"userToken\":\"" + agentToken + "\"}");
            assertThat(back.get("role").asText()).isEqualTo("agent");
            assertThat(agent.ok("send", "{\"v\":1,\"userToken\":\"" + agentToken + "\",\"text\":\"hi\"}").get("message")
                    .get("from").asInt()).isEqualTo(2);
        }
    }

    @Test
    void should_answer_404_410_and_503_from_the_engine_with_its_message() throws Exception {
        try (Peer customer = new Peer(); Peer agent = new Peer(); Peer other = new Peer()) {
            agent.ok("agent", "{\"v\":1}");
            assertThat(text(agent.call("accept", "{\"v\":1,\"chatId\":\"" + UNKNOWN_CHAT + "\"}")))
                    .startsWith("404::No live chat has id " + UNKNOWN_CHAT);
            JsonNode started = customer.ok("start", "{\"v\":1}");
            String chatId = started.get("chatId").asText();
            String token = started.get("userToken").asText();
            assertThat(text(customer.call("restore", "{\"v\":1,\"chatId\":\"" + chatId
                    + "\",\"userToken\":\"AAAAAAAAAAAAAAAAAAAAAA\"}"))).startsWith("404::No member of chat");

            agent.ok("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}");
            try (Peer second = new Peer()) {
                second.ok("agent", "{\"v\":1}");
                assertThat(text(second.call("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}")))
                        .startsWith("410::Chat " + chatId + " was accepted by another agent");
                assertThat(second.ok("join", "{\"v\":1,\"chatId\":\"" + chatId + "\"}").get("userId").asInt()).isEqualTo(3);
            }

            customer.ok("leave", "{\"v\":1,\"userToken\":\"" + token + "\"}");
            assertThat(text(other.call("restore", "{\"v\":1,\"chatId\":\"" + chatId + "\",\"userToken\":\"" + token + "\"}")))
                    .isEqualTo("410::Chat " + chatId + " has ended; start a new chat");

            other.ok("start", "{\"v\":1}");
            try (Peer a = new Peer(); Peer b = new Peer(); Peer c = new Peer()) {
                a.ok("start", "{\"v\":1}");
                b.ok("start", "{\"v\":1}");
                assertThat(text(c.call("start", "{\"v\":1}"))).isEqualTo(
                        "503::This server holds its maximum of 3 live chats; retry later");
            }
        }
    }

    @Test
    void should_tell_the_others_and_keep_the_chat_when_a_member_connection_goes_and_comes_back() throws Exception {
        try (Peer agent = new Peer()) {
            agent.ok("agent", "{\"v\":1}");
            agent.ok("list", "{\"v\":1,\"watch\":true}");
            String chatId;
            String token;
            try (Peer customer = new Peer()) {
                JsonNode started = customer.ok("start", "{\"v\":1}");
                chatId = started.get("chatId").asText();
                token = started.get("userToken").asText();
                agent.ok("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}");
                customer.disconnect();
            }

            Await.until("the customer offline at the agent", Duration.ofSeconds(10), () -> {
                try {
                    return agent.received("/service/chat/event").stream()
                            .anyMatch(n -> n.get("data").get("type").asText().equals("presence"));
                } catch (Exception e) {
                    return false;
                }
            });
            try (Peer reloaded = new Peer()) {
                JsonNode restored = reloaded.ok("restore", "{\"v\":1,\"chatId\":\"" + chatId + "\",\"userToken\":\"" + token + "\"}");
                assertThat(restored.get("state").asText()).isEqualTo("active");
            }
            assertThat(agent.awaitReceived("/service/chat/event", 2)).extracting(n -> n.get("data").get("type").asText()
                    + (n.get("data").has("online") ? ":" + n.get("data").get("online").asBoolean() : ""))
                    .containsExactly("presence:false", "presence:true");
            assertThat(agent.awaitReceived("/service/chat/queue", 2)).extracting(n -> n.get("data").get("type").asText())
                    .containsExactly("added", "removed");
        }
    }

    @Test
    void should_put_the_chat_back_in_the_waiting_list_when_its_agent_leaves() throws Exception {
        try (Peer customer = new Peer(); Peer agent = new Peer(); Peer watcher = new Peer()) {
            agent.ok("agent", "{\"v\":1,\"nickname\":\"Bob\"}");
            watcher.ok("agent", "{\"v\":1,\"nickname\":\"Carol\"}");
            JsonNode started = customer.ok("start", "{\"v\":1,\"subject\":\"Returns\"}");
            String chatId = started.get("chatId").asText();
            String agentToken = agent.ok("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}").get("userToken").asText();
            long seq = watcher.ok("list", "{\"v\":1,\"watch\":true}").get("seq").asLong();

            agent.ok("leave", "{\"v\":1,\"userToken\":\"" + agentToken + "\"}");

            JsonNode left = customer.awaitType("/service/chat/event", "left").get("data");
            assertThat(left.get("state").asText()).isEqualTo("waiting");
            assertThat(left.get("reason").asText()).isEqualTo("left");
            JsonNode added = watcher.awaitReceived("/service/chat/queue", 1).get(0).get("data");
            assertThat(added.get("seq").asLong()).isEqualTo(seq + 1);
            assertThat(added.get("chat").get("subject").asText()).isEqualTo("Returns");
            JsonNode list = watcher.ok("list", "{\"v\":1,\"watch\":false}");
            assertThat(list.get("watching").asBoolean()).isFalse();
            assertThat(list.get("chats")).hasSize(1);
            assertThat(watcher.ok("accept", "{\"v\":1,\"chatId\":\"" + chatId + "\"}").get("members"))
                    .extracting(m -> m.get("userId").asInt()).containsExactly(1, 3);
        }
    }
}
