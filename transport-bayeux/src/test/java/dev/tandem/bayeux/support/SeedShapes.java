package dev.tandem.bayeux.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Assertions on the exact JSON shapes of the seed's co-browse channels (shared by the Java and JS interop tests). */
public final class SeedShapes {
    public static final ObjectMapper JSON = new ObjectMapper();

    private SeedShapes() {
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    /** A CometD Java client message (a map) as JSON. */
    public static JsonNode tree(java.util.Map<String, Object> message) {
        return JSON.valueToTree(new java.util.HashMap<>(message));
    }

    /** Re-parses {@code node} from its text, so that a Long 1 and an int 1 compare equal. */
    public static JsonNode normal(JsonNode node) {
        return parse(node.toString());
    }

    public static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** A successful reply: {@code successful:true}, an id, and a {@code data} object. */
    public static JsonNode successData(JsonNode reply) {
        assertThat(reply.path("successful").asBoolean()).as("successful in %s", reply).isTrue();
        assertThat(reply.path("id").isTextual()).as("id in %s", reply).isTrue();
        assertThat(reply.path("data").isObject()).as("data in %s", reply).isTrue();
        return reply.get("data");
    }

    /** {@code {"sessionToken":"123456789"}}; returns the token. */
    public static String assertCreated(JsonNode data) {
        assertThat(fields(data)).containsExactly("sessionToken");
        assertThat(data.get("sessionToken").asText()).matches("\\d{9}");
        assertThat(data.get("sessionToken").isTextual()).isTrue();
        return data.get("sessionToken").asText();
    }

    /**
     * {@code {"userToken","userId":<number>,"users":[{"userId":"<string>","role":<number>,"name"?}],"sessionHistoryId":"<uuid>"}};
     * returns the userToken.
     */
    public static String assertJoinReply(JsonNode data, int userId, String expectedUsersJson) {
        assertThat(fields(data)).containsExactlyInAnyOrder("userToken", "userId", "users", "sessionHistoryId");
        assertThat(data.get("userToken").isTextual()).isTrue();
        assertThat(data.get("userId").isIntegralNumber()).as("userId is a number in the join reply").isTrue();
        assertThat(data.get("userId").asInt()).isEqualTo(userId);
        assertThat(normal(data.get("users"))).isEqualTo(parse(expectedUsersJson));
        assertThat(UUID.fromString(data.get("sessionHistoryId").asText()).toString()).isEqualTo(data.get("sessionHistoryId").asText());
        return data.get("userToken").asText();
    }

    /** The joined notification's data, exactly, e.g. {@code {"userId":"2","role":2,"name":"Bob"}}. */
    public static void assertJoined(JsonNode message, String expectedDataJson) {
        assertThat(message.path("channel").asText()).isEqualTo("/service/session/joined");
        assertThat(normal(message.get("data"))).isEqualTo(parse(expectedDataJson));
    }

    /** {@code {"activationTime":<ms>}}; returns the time. */
    public static long assertActivated(JsonNode message) {
        assertThat(message.path("channel").asText()).isEqualTo("/service/session/activated");
        JsonNode data = message.get("data");
        assertThat(fields(data)).containsExactly("activationTime");
        assertThat(data.get("activationTime").isIntegralNumber()).isTrue();
        return data.get("activationTime").asLong();
    }

    /** {@code {"activationTime":<ms>,"deactivationTime":<ms>}} plus {@code ext.tandem.reason}. */
    public static void assertDeactivated(JsonNode message, long activationTime, String reason) {
        assertThat(message.path("channel").asText()).isEqualTo("/service/session/deactivated");
        JsonNode data = message.get("data");
        assertThat(fields(data)).containsExactlyInAnyOrder("activationTime", "deactivationTime");
        assertThat(data.get("activationTime").asLong()).isEqualTo(activationTime);
        assertThat(data.get("deactivationTime").asLong()).isGreaterThanOrEqualTo(activationTime);
        assertThat(message.path("ext").path("tandem").path("reason").asText()).isEqualTo(reason);
    }

    /** An error reply: {@code successful:false}, {@code error:"<code>:…"}, {@code data.error} a message. */
    public static void assertError(JsonNode reply, int code) {
        assertThat(reply.path("successful").asBoolean(true)).as("successful in %s", reply).isFalse();
        assertThat(reply.path("error").asText()).startsWith(code + ":");
        assertThat(reply.path("data").path("error").asText()).isNotBlank();
    }
}
