package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.Role;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.Optional;

/**
 * Reads the {@code data} of co-browse requests, strictly: wrong or missing fields fail with
 * {@link InvalidRequestException} (→ {@code 400}) before anything reaches the engine.
 */
final class CobrowseRequests {
    private CobrowseRequests() {
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
