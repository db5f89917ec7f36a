package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One message published to a {@code /service/**} channel.
 *
 * @param session the client that sent it
 * @param message the message as received (channel, id, data, ext)
 */
public record ServiceRequest(ServerSession session, BayeuxMessage message) {
    public ServiceRequest {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(message, "message");
    }

    /** The request's {@code data}; a JSON null node when absent. */
    public JsonNode data() {
        return message.data() == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : message.data();
    }

    /** The channel the request was published to. */
    public String channel() {
        return message.channel();
    }
}
