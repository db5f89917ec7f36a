package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import java.util.List;

/**
 * The result of decoding one HTTP body or WebSocket message.
 *
 * @param messages the elements, in order (empty when {@code failure} is set)
 * @param error    why the whole batch is unusable ({@code 400} malformed JSON, not an array, too many
 *                 messages; {@code 413} too large), or null
 * @param failure  the human message of {@code error}, or null
 */
record DecodedBatch(List<Decoded> messages, BayeuxError error, String failure) {
    static DecodedBatch failed(BayeuxError error, String failure) {
        return new DecodedBatch(List.of(), error, failure);
    }

    static DecodedBatch of(List<Decoded> messages) {
        return new DecodedBatch(List.copyOf(messages), null, null);
    }

    boolean isFailed() {
        return error != null;
    }
}
