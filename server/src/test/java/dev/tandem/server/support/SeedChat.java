package dev.tandem.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.ChatPeer;
import dev.tandem.bayeux.support.JavaClients;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One short chat through a running server, by official CometD Java clients: John (WebSocket) starts it, Bob
 * (long-polling) accepts, they exchange two messages, John shares co-browse session 123456789 and leaves. The
 * transcript is read back over REST.
 */
public final class SeedChat {
    private SeedChat() {
    }

    /** Runs the chat; returns its chatId. */
    public static String run(JavaClients clients, String baseUrl) throws Exception {
        String bayeux = baseUrl + "/cobrowse/cometd";
        ChatPeer agent = new ChatPeer(clients.client(bayeux, "long-polling"));
        agent.ok("agent", Map.of("v", 1, "nickname", "Bob"));
        ChatPeer customer = new ChatPeer(clients.client(bayeux, "websocket"));
        JsonNode started = customer.ok("start", Map.of("v", 1, "nickname", "John", "subject", "Order 1234"));
        String chatId = started.get("chatId").asText();
        String customerToken = started.get("userToken").asText();
        String agentToken = agent.ok("accept", Map.of("v", 1, "chatId", chatId)).get("userToken").asText();
        customer.event("joined");
        customer.ok("send", Map.of("v", 1, "userToken", customerToken, "text", "Hi, my order is late"));
        agent.ok("send", Map.of("v", 1, "userToken", agentToken, "text", "Let me look"));
        customer.ok("send", Map.of("v", 1, "userToken", customerToken, "text", "{start:123456789}"));
        customer.ok("leave", Map.of("v", 1, "userToken", customerToken));
        assertThat(agent.event("message").get("message").get("text").asText()).isEqualTo("Hi, my order is late");
        return chatId;
    }

    /** Waits until the transcript of {@code chatId} is complete over REST, and checks it is this chat's. */
    public static JsonNode awaitTranscript(String baseUrl, String chatId, Duration timeout) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Await.until("the complete transcript of chat " + chatId, timeout, () -> {
            try {
                HttpResponse<String> r = SeedSession.get(baseUrl, "/cobrowse/rest/history/chats/" + chatId);
                if (r.statusCode() != 200) {
                    return false;
                }
                found[0] = SeedSession.json(r.body());
                return !found[0].get("endTime").isNull() && found[0].get("messages").size() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode t = found[0];
        assertThat(t.get("chatId").asText()).isEqualTo(chatId);
        assertThat(t.get("subject").asText()).isEqualTo("Order 1234");
        assertThat(t.get("endReason").asText()).isEqualTo("customerLeft");
        assertThat(t.get("participants")).extracting(p -> p.get("userId").asInt() + ":" + p.get("role").asText() + ":"
                + p.get("nickname").asText()).containsExactly("1:customer:John", "2:agent:Bob");
        assertThat(t.get("messages")).extracting(m -> m.get("seq").asInt() + ":" + m.get("from").asInt() + ":"
                        + m.get("kind").asText() + ":" + m.get("text").asText())
                .containsExactly("1:1:text:Hi, my order is late", "2:2:text:Let me look", "3:1:cobrowse:{start:123456789}");
        assertThat(t.get("messages").get(2).get("sessionToken").asText()).isEqualTo("123456789");
        return t;
    }
}
