package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.ChatPeer;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.server.support.SeedSession;
import dev.tandem.server.support.ServerProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged server with the in-memory history store: a customer (WebSocket) and an agent (long-polling), each
 * an official CometD Java client, chat; the customer reloads and restores, shares its co-browse session; the
 * transcript comes back from the History REST API.
 */
class ChatServerIT {

    @Test
    void should_serve_a_whole_chat_and_its_transcript_over_rest_when_run_with_the_memory_store() throws Exception {
        try (ServerProcess server = ServerProcess.start(Duration.ofSeconds(60), "--history", "memory");
             JavaClients clients = new JavaClients()) {
            assertThat(server.logged("Chat service on")).as(String.join("\n", server.output())).isTrue();
            ChatPeer agent = new ChatPeer(clients.client(server.bayeuxUrl(), "long-polling"));
            agent.ok("agent", Map.of("v", 1, "nickname", "Bob"));
            agent.ok("list", Map.of("v", 1, "watch", true));
            ChatPeer customer = new ChatPeer(clients.client(server.bayeuxUrl(), "websocket"));
            JsonNode started = customer.ok("start", Map.of("v", 1, "nickname", "John", "subject", "Order 1234"));
            String chatId = started.get("chatId").asText();
            String customerToken = started.get("userToken").asText();
            assertThat(agent.queued("added").get("chat").get("chatId").asText()).isEqualTo(chatId);

            String agentToken = agent.ok("accept", Map.of("v", 1, "chatId", chatId)).get("userToken").asText();
            customer.event("joined");
            customer.ok("send", Map.of("v", 1, "userToken", customerToken, "text", "My order is late"));
            agent.event("message");
            agent.ok("send", Map.of("v", 1, "userToken", agentToken, "text", "Can you show me? Start co-browse."));
            customer.event("message");

            customer.disconnect();
            agent.event("presence");
            ChatPeer reloaded = new ChatPeer(clients.client(server.bayeuxUrl(), "websocket"));
            JsonNode restored = reloaded.ok("restore", Map.of("v", 1, "chatId", chatId, "userToken", customerToken));
            assertThat(restored.get("messages")).hasSize(2);
            reloaded.ok("send", Map.of("v", 1, "userToken", customerToken, "kind", "cobrowse", "sessionToken", "123456789"));
            assertThat(agent.event("presence").get("online").asBoolean()).isTrue();
            assertThat(agent.event("message").get("message").get("sessionToken").asText()).isEqualTo("123456789");
            reloaded.ok("leave", Map.of("v", 1, "userToken", customerToken));
            assertThat(agent.event("ended").get("reason").asText()).isEqualTo("customerLeft");

            var response = SeedSession.get(server.baseUrl(), "/cobrowse/rest/history/chats/" + chatId);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode transcript = SeedSession.json(response.body());
            assertThat(transcript.get("subject").asText()).isEqualTo("Order 1234");
            assertThat(transcript.get("endReason").asText()).isEqualTo("customerLeft");
            assertThat(transcript.get("participants")).extracting(p -> p.get("nickname").asText()).containsExactly("John", "Bob");
            assertThat(transcript.get("messages")).extracting(m -> m.get("kind").asText() + ":" + m.get("text").asText())
                    .containsExactly("text:My order is late", "text:Can you show me? Start co-browse.",
                            "cobrowse:{start:123456789}");
            assertThat(SeedSession.get(server.baseUrl(), "/cobrowse/rest/history/chats/xyz").statusCode()).isEqualTo(400);
            assertThat(SeedSession.get(server.baseUrl(), "/cobrowse/rest/history/chats/3f1b2c9e-0000-4000-8000-000000000000")
                    .statusCode()).isEqualTo(404);
            assertThat(SeedSession.get(server.baseUrl(), "/cobrowse/metrics").body()).contains("tandem_chats_live 0.0");
        }
    }
}
