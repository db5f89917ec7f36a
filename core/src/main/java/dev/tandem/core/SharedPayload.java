package dev.tandem.core;

import java.util.List;

/**
 * A {@link StreamChunk} payload that holds memory outside the heap and is freed when its last reference is given
 * back. The session's log takes a reference ({@link #tryRetain()}) for as long as it keeps the chunk and gives it
 * back ({@link #release()}) when it drops it (a new snapshot, the budget, the session's end). Whoever else reads
 * the payload later — a transport gathering a replay, say — takes its own reference the same way. A payload whose
 * count reached zero is never read again: {@link #tryRetain()} then answers false and the chunk is not logged.
 *
 * <p>Thread-safe. Payloads that are plain immutable objects ({@code byte[]}, {@code String}) need none of this.
 */
public interface SharedPayload {
    /** Takes a reference; false, and nothing taken, when the payload was freed already. */
    boolean tryRetain();

    /** Gives back a reference taken by {@link #tryRetain()} (or the creator's own). */
    void release();

    /**
     * The engine handed the chunk to every agent as a live notification (on the session's thread, once, after
     * the stream command's reply): a payload may drop what it kept only for that fan-out.
     */
    default void fannedOut() {
    }

    /**
     * The payloads of {@code run} — consecutive increments the log keeps, oldest first, this one first; the first may
     * be a payload joined before, which the log grows this way — as one new payload that carries all of them in
     * order, with one reference taken for the log; or null when they cannot be joined (the log then keeps them as
     * they are). The log puts the joined payload in their place and gives their references back, so that the log
     * keeps a few payloads instead of one per batch: each batch would otherwise keep a few small objects alive for
     * as long as the log keeps it, which the young collections copy over and over. Called on the session's thread;
     * must not give back the references of {@code run}.
     */
    default SharedPayload join(List<StreamChunk> run) {
        return null;
    }
}
