package dev.tandem.core;

import java.util.Objects;

/**
 * One batch of the customer's page stream (DOM snapshot or increments, scroll, pointer…), already encoded
 * by the transport. The engine never looks inside {@code payload}; it keeps the session's log (the latest
 * full snapshot plus the increments since) and fans batches out to the agents. The log keeps {@code payload}
 * and hands the same object to many agents, again on every replay: it must be immutable (e.g. a {@code byte[]}
 * never written again, or a {@code String}), or a {@link SharedPayload} whose memory the log holds a reference
 * to while it keeps the chunk.
 *
 * @param seq      the master's sequence number of this batch (increasing within a page load)
 * @param snapshot whether this batch starts a new full snapshot: the log restarts from it
 * @param payload  the transport's encoded form (e.g. the JSON bytes to send as they are)
 * @param size     the payload's size in bytes, for the log's budget
 */
public record StreamChunk(long seq, boolean snapshot, Object payload, int size) {
    public StreamChunk {
        Objects.requireNonNull(payload, "payload");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0");
        }
    }
}
