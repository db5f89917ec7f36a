package dev.tandem.bayeux;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads the {@code data} of one service channel's messages from the JSON parser itself, instead of as one whole
 * tree: a service whose data is mostly passed on as it came (a page stream) may keep the client's own bytes of a
 * part and build a tree of only what it looks at. Registered with {@link BayeuxServer#addService(String,
 * ServiceHandler, DataReader)}; used when a message names its channel before its {@code data} (every CometD
 * client does), and the whole-tree decoding otherwise, so a reader changes the cost, never the outcome.
 *
 * <p>Runs while the message is decoded, on the event loop (or, for a message too large for it, a worker): must
 * not block. Thread-safe.
 */
@FunctionalInterface
public interface DataReader {
    /**
     * Reads one {@code data} value.
     *
     * @param parser positioned on the value's first token; left on its last one (as {@code readValueAsTree})
     * @param source the message's bytes, by the parser's byte offsets
     *               ({@code parser.currentTokenLocation().getByteOffset()})
     * @return the data as the service will see it in {@link ServiceRequest#data()}
     * @throws IOException malformed JSON, or input the reader refuses: the batch is answered {@code 400}
     */
    JsonNode read(JsonParser parser, Source source) throws IOException;

    /** The bytes of the message being decoded. */
    @FunctionalInterface
    interface Source {
        /** A copy of the bytes at offsets {@code [from, to)}. */
        byte[] copy(long from, long to);
    }
}
