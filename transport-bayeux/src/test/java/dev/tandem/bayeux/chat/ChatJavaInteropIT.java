package dev.tandem.bayeux.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.ChatPeer;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.history.ChatTranscript;
import dev.tandem.core.history.InMemoryHistoryStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole chat run by official CometD Java clients over each transport: the customer starts and writes while
 * waiting, the agent (watching the waiting list) accepts, both exchange messages and typing notices, the customer
 * reloads its page (a new Bayeux client) and restores with the messages it missed, shares its co-browse session in
 * both forms, and the agent ends the chat; the transcript is in the store.
 */
class ChatJavaInteropIT {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_run_a_whole_chat_when_official_java_clients_chat(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        ChatEngine engine = ChatEngine.builder().transcriptStore(store).build();
        ChatServices.bind(bayeux, engine);
        // Two browsers (two cookie jars): long-polling clients of one browser would share BAYEUX_BROWSER and all but
        // one would poll every 2 s ("multiple-clients"), as CometD does.
        try (TestServer server = TestServer.start(bayeux); JavaClients agentBrowser = new JavaClients();
             JavaClients clients = new JavaClients()) {
            ChatPeer agent = new ChatPeer(agentBrowser.client(server.url(), transport));
            JsonNode signedIn = agent.ok("agent", Map.of("v", 1, "nickname", "Bob"));
            assertThat(signedIn.get("nickname").asText()).isEqualTo("Bob");
            assertThat(signedIn.get("limits").get("maxMessageLength").asInt()).isEqualTo(4096);
            JsonNode listed = agent.ok("list", Map.of("v", 1, "watch", true));
            assertThat(listed.get("chats")).isEmpty();
            assertThat(listed.get("watching").asBoolean()).isTrue();

            ChatPeer customer = new ChatPeer(clients.client(server.url(), transport));
            JsonNode started = customer.ok("start", Map.of("v", 1, "nickname", "John", "subject", "Order 1234"));
            String chatId = started.get("chatId").asText();
            String customerToken = started.get("userToken").asText();
            assertThat(started.get("state").asText()).isEqualTo("waiting");
            assertThat(started.get("userId").asInt()).isEqualTo(1);
            assertThat(SeedShapes.normal(started.get("members"))).isEqualTo(SeedShapes.parse(
                    "[{\"userId\":1,\"role\":\"customer\",\"nickname\":\"John\",\"online\":true}]"));
            JsonNode added = agent.queued("added");
            assertThat(added.get("seq").asLong()).isGreaterThan(listed.get("seq").asLong());
            assertThat(added.get("chat").get("chatId").asText()).isEqualTo(chatId);
            assertThat(added.get("chat").get("subject").asText()).isEqualTo("Order 1234");
            customer.ok("send", Map.of("v", 1, "userToken", customerToken, "text", "Is anyone there?"));

            JsonNode accepted = agent.ok("accept", Map.of("v", 1, "chatId", chatId));
            String agentToken = accepted.get("userToken").asText();
            assertThat(accepted.get("state").asText()).isEqualTo("active");
            assertThat(accepted.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("Is anyone there?");
            assertThat(agent.queued("removed").get("cause").asText()).isEqualTo("accepted");
            JsonNode joined = customer.event("joined");
            assertThat(joined.get("chatId").asText()).isEqualTo(chatId);
            assertThat(SeedShapes.normal(joined.get("member"))).isEqualTo(SeedShapes.parse(
                    "{\"userId\":2,\"role\":\"agent\",\"nickname\":\"Bob\",\"online\":true}"));

            customer.ok("typing", Map.of("v", 1, "userToken", customerToken, "typing", true));
            JsonNode typing = agent.event("typing");
            assertThat(typing.get("userId").asInt()).isEqualTo(1);
            assertThat(typing.get("typing").asBoolean()).isTrue();
            JsonNode sent = agent.ok("send", Map.of("v", 1, "userToken", agentToken, "text", "Hello John, how can I help?"));
            assertThat(sent.get("message").get("seq").asInt()).isEqualTo(2);
            JsonNode received = customer.event("message").get("message");
            assertThat(received.get("from").asInt()).isEqualTo(2);
            assertThat(received.get("kind").asText()).isEqualTo("text");
            assertThat(received.get("text").asText()).isEqualTo("Hello John, how can I help?");

            // The customer's page reloads: its Bayeux client goes, a new one restores the chat.
            customer.disconnect();
            assertThat(agent.event("presence").get("online").asBoolean()).isFalse();
            agent.ok("send", Map.of("v", 1, "userToken", agentToken, "text", "Are you still there?"));
            ChatPeer reloaded = new ChatPeer(clients.client(server.url(), transport));
            JsonNode restored = reloaded.ok("restore", Map.of("v", 1, "chatId", chatId, "userToken", customerToken,
                    "since", 1));
            assertThat(restored.get("userId").asInt()).isEqualTo(1);
            assertThat(restored.get("userToken").asText()).isEqualTo(customerToken);
            assertThat(restored.get("messages")).extracting(m -> m.get("seq").asInt()).containsExactly(2, 3);
            assertThat(restored.get("members")).extracting(m -> m.get("online").asBoolean()).containsExactly(true, true);
            assertThat(agent.event("presence").get("online").asBoolean()).isTrue();

            // Sharing the co-browse session: the seed's {start:TOKEN} as text, and the structured form.
            reloaded.ok("send", Map.of("v", 1, "userToken", customerToken, "text", "{start:123456789}"));
            JsonNode shared = agent.event("message").get("message");
            assertThat(shared.get("kind").asText()).isEqualTo("cobrowse");
            assertThat(shared.get("sessionToken").asText()).isEqualTo("123456789");
            reloaded.ok("send", Map.of("v", 1, "userToken", customerToken, "kind", "cobrowse", "sessionToken", "987654321"));
            assertThat(agent.event("message").get("message").get("text").asText()).isEqualTo("{start:987654321}");

            agent.ok("end", Map.of("v", 1, "userToken", agentToken));
            JsonNode ended = reloaded.event("ended");
            assertThat(ended.get("reason").asText()).isEqualTo("agentEnded");
            assertThat(agent.event("ended").get("reason").asText()).isEqualTo("agentEnded");
            assertThat(agent.call("send", Map.of("v", 1, "userToken", agentToken, "text", "late")).path("error").asText())
                    .startsWith("403::");

            ChatTranscript transcript = store.find(ChatId.parse(chatId).orElseThrow()).block(Duration.ofSeconds(5));
            assertThat(transcript.messages()).hasSize(5);
            assertThat(transcript.participants()).hasSize(2);
            assertThat(transcript.endReason()).isPresent();
        }
    }
}
