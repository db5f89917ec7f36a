package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The server's handle on one handshaken Bayeux client. Thread-safe; nothing here blocks.
 */
public interface ServerSession {

    /** The clientId the server assigned at handshake. */
    String id();

    /** The {@code BAYEUX_BROWSER} id of the browser this client runs in, when known. */
    Optional<String> browserId();

    /** Whether the client has been removed (disconnect, expiry, overflow, shutdown). */
    boolean isRemoved();

    /**
     * Queues a message for this client on {@code channel} with {@code data} (and {@code ext}, may be null).
     * Returns at once: {@code true} when queued, {@code false} when the client is gone or its bounded queue
     * overflowed (then the client is told and removed with {@link RemovalReason#OVERFLOW}).
     */
    boolean deliver(String channel, JsonNode data, ObjectNode ext);

    /** Same as {@link #deliver(String, JsonNode, ObjectNode)} without {@code ext}. */
    default boolean deliver(String channel, JsonNode data) {
        return deliver(channel, data, null);
    }

    /**
     * Queues a message encoded beforehand, as it is: the same {@code message} may be queued for many clients
     * (and again later) without being encoded again. Same outcome as {@link #deliver(String, JsonNode, ObjectNode)};
     * throws {@link IllegalArgumentException} for an {@link EncodedMessage} not made by its factories.
     */
    boolean deliver(EncodedMessage message);
}
