package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.Role;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.Optional;

/**
 * Reads the {@code data} of co-browse requests, strictly: wrong or missing fields fail with
 * {@link InvalidRequestException} (→ {@code 400}) before anything reaches the engine. Tandem's channels
 * ({@code stream}, {@code control}, {@code rules}) carry the versioned envelope's {@code v}, checked here.
 */
final class CobrowseRequests {
    /** The version of Tandem's wire envelope this server speaks. */
    static final int WIRE_VERSION = 1;
    /** The largest {@code seq} accepted: JavaScript's largest safe integer. */
    static final long MAX_SEQ = (1L << 53) - 1;

    /** A page-stream batch from the master. {@code events} is the request's own (read-only) array. */
    record StreamRequest(UserToken userToken, long seq, boolean snapshot, ArrayNode events) {
    }

    /**
     * A control message: {@code body} is what goes on — the request's fields without {@code userToken} (a new
     * object sharing the request's read-only values); {@code type} is the body's type when it is a string.
     */
    record ControlRequest(UserToken userToken, ObjectNode body, Optional<String> type) {
    }

    private CobrowseRequests() {
    }

    /**
     * {@code stream}: {@code {"userToken","v":1,"seq":n,"events":[…],"snapshot"?:true}}. Every event must be an
     * object with a numeric {@code type} (what the agents' console requires of rrweb events).
     */
    static StreamRequest stream(JsonNode data) {
        requireObject(data, "stream", "{\"userToken\":\"…\",\"v\":1,\"seq\":1,\"events\":[…]}");
        requireVersion(data, true);
        UserToken token = userToken(data, "stream");
        JsonNode seq = data.get("seq");
        if (seq == null || seq.isNull()) {
            throw new InvalidRequestException("'seq' is missing: number the batches 1, 2, 3… within a page");
        }
        if (!seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0 || seq.asLong() > MAX_SEQ) {
            throw new InvalidRequestException("'seq' must be a whole number from 0 to " + MAX_SEQ);
        }
        JsonNode events = data.get("events");
        if (events == null || !events.isArray()) {
            throw new InvalidRequestException("'events' must be an array of rrweb events");
        }
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!e.isObject() || !e.path("type").isIntegralNumber()) {
                throw new InvalidRequestException("events[" + i + "] is not an rrweb event: every event is an object with a numeric 'type'");
            }
        }
        JsonNode snapshot = data.get("snapshot");
        if (snapshot != null && !snapshot.isNull() && !snapshot.isBoolean()) {
            throw new InvalidRequestException("'snapshot' must be true or false (or absent)");
        }
        return new StreamRequest(token, seq.asLong(), snapshot != null && snapshot.asBoolean(), (ArrayNode) events);
    }

    /** {@code control}: {@code {"userToken","v":1,"type",…}}; only {@code v} is checked, the rest is passed on. */
    static ControlRequest control(JsonNode data) {
        requireObject(data, "control", "{\"userToken\":\"…\",\"v\":1,\"type\":\"pointer\",\"x\":10,\"y\":20}");
        requireVersion(data, true);
        UserToken token = userToken(data, "control");
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        data.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("userToken")) {
                body.set(f.getKey(), f.getValue());
            }
        });
        JsonNode type = data.get("type");
        return new ControlRequest(token, body, type != null && type.isTextual() ? Optional.of(type.asText()) : Optional.empty());
    }

    /** {@code rules}: {@code {"userToken"}}; a {@code v}, when sent, must be ours. */
    static UserToken rules(JsonNode data) {
        requireObject(data, "rules", "{\"userToken\":\"…\"}");
        requireVersion(data, false);
        return userToken(data, "rules");
    }

    /**
     * Refuses a {@code v} other than {@link #WIRE_VERSION} — the client and the server come from different
     * releases — and, when {@code required}, a missing one.
     */
    static void requireVersion(JsonNode data, boolean required) {
        JsonNode v = data.get("v");
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidRequestException("'v' is missing: this server speaks wire version " + WIRE_VERSION
                        + "; deploy matching server and client versions");
            }
            return;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() != WIRE_VERSION) {
            throw new InvalidRequestException("wire version " + abbreviate(v.toString()) + " is not supported by this server (it speaks "
                    + WIRE_VERSION + "); deploy matching server and client versions");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** {@code create}: {@code {}} (absent data is accepted too). */
    static void create(JsonNode data) {
        if (!data.isNull() && !data.isMissingNode() && !data.isObject()) {
            throw new InvalidRequestException("The create request's data must be an object, e.g. {}");
        }
    }

    /** {@code join}: {@code sessionToken}, {@code role} 1..3, optional {@code name}, optional {@code userToken} (resume). */
    static JoinRequest join(JsonNode data) {
        requireObject(data, "join", "{\"sessionToken\":\"123456789\",\"role\":2,\"name\":\"Bob\"}");
        SessionToken token = sessionToken(data);
        JsonNode roleNode = data.get("role");
        if (roleNode == null || roleNode.isNull()) {
            throw new InvalidRequestException("'role' is missing: 1 (master), 2 (slave) or 3 (controller)");
        }
        if (!roleNode.isIntegralNumber() || !roleNode.canConvertToInt()) {
            throw new InvalidRequestException("'role' must be the number 1 (master), 2 (slave) or 3 (controller)");
        }
        Role role = Role.fromCode(roleNode.asInt()).orElseThrow(() ->
                new InvalidRequestException("'role' must be 1 (master), 2 (slave) or 3 (controller), got " + roleNode.asInt()));
        Optional<String> name = optionalString(data, "name");
        Optional<UserToken> resume = optionalString(data, "userToken").map(CobrowseRequests::userToken);
        return new JoinRequest(token, role, name, resume);
    }

    /** {@code exit}, {@code stop}: {@code userToken}. */
    static UserToken userToken(JsonNode data, String command) {
        requireObject(data, command, "{\"userToken\":\"…\"}");
        return userToken(optionalString(data, "userToken").orElseThrow(() ->
                new InvalidRequestException("'userToken' is missing: send the userToken your join returned")));
    }

    /** {@code page}: {@code userToken} and {@code url}. */
    static String url(JsonNode data) {
        return optionalString(data, "url").filter(u -> !u.isBlank()).orElseThrow(() ->
                new InvalidRequestException("'url' is missing: send the page's absolute http(s) URL"));
    }

    private static SessionToken sessionToken(JsonNode data) {
        JsonNode n = data.get("sessionToken");
        if (n == null || n.isNull()) {
            throw new InvalidRequestException("'sessionToken' is missing: send the 9-digit token of the session");
        }
        if (!n.isTextual() || !SessionToken.isWellFormed(n.asText())) {
            throw new InvalidRequestException("'sessionToken' must be a string of 9 digits, e.g. \"123456789\"");
        }
        return new SessionToken(n.asText());
    }

    private static UserToken userToken(String text) {
        if (!UserToken.isWellFormed(text)) {
            throw new InvalidRequestException("'userToken' is not a userToken: send the one your join returned");
        }
        return new UserToken(text);
    }

    private static Optional<String> optionalString(JsonNode data, String field) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return Optional.of(n.asText());
    }

    private static void requireObject(JsonNode data, String command, String example) {
        if (!data.isObject()) {
            throw new InvalidRequestException("The " + command + " request's data must be an object, e.g. " + example);
        }
    }
}
