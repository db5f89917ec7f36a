package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.internal.PreparedMessage;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A server-to-client message serialised to JSON once, so that the same message can be queued for any number
 * of clients ({@link ServerSession#deliver(EncodedMessage)}) without encoding it again — e.g. a page-stream
 * batch fanned out to every agent of a session, or kept in a log and replayed later. Immutable and
 * thread-safe; it owns its bytes.
 *
 * <p>Only the factories here make instances; {@link ServerSession#deliver(EncodedMessage)} refuses any other
 * implementation.
 */
public interface EncodedMessage {

    /** The channel the message goes out on. */
    String channel();

    /** The size of the whole encoded message in bytes (as counted against a client's queue). */
    int size();

    /** {@code {"channel":channel,"data":data}}, serialised now. */
    static EncodedMessage of(String channel, JsonNode data) {
        return PreparedMessage.of(channel, data);
    }

    /**
     * {@code {"channel":channel,"data":…}} whose data is the concatenation of {@code dataParts} (each buffer
     * from its position to its limit; the buffers are not modified), copied once. The parts must together
     * form exactly one JSON value: the server writes them as they are and never parses them. Meant for data
     * assembled from pieces that are already JSON (e.g. several batches' event arrays merged into one).
     */
    static EncodedMessage ofData(String channel, List<ByteBuffer> dataParts) {
        return PreparedMessage.ofData(channel, dataParts);
    }
}
