package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's answer. Successful replies carry {@code data}; failed ones an error code and a human message,
 * sent as {@code "error":"code::message"} plus {@code "data":{"error":"message"}} so that
 * {@code remoteCall()} callbacks of the official clients see it too.
 *
 * @param data    the reply's data (never null; an empty object at least)
 * @param error   the error code of a failed reply, empty for a successful one
 * @param message the human message of a failed reply
 */
public record ServiceReply(JsonNode data, Optional<BayeuxError> error, String message) {
    public ServiceReply {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(error, "error");
    }

    /** A successful reply with {@code data}. */
    public static ServiceReply ok(JsonNode data) {
        return new ServiceReply(data, Optional.empty(), null);
    }

    /** A successful reply with an empty object as data. */
    public static ServiceReply ok() {
        return ok(JsonNodeFactory.instance.objectNode());
    }

    /** A failed reply; {@code message} says what was wrong and what to do. */
    public static ServiceReply error(BayeuxError error, String message) {
        Objects.requireNonNull(error, "error");
        String text = message == null || message.isBlank() ? error.defaultMessage() : message;
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("error", text);
        return new ServiceReply(data, Optional.of(error), text);
    }

    public boolean successful() {
        return error.isEmpty();
    }
}
