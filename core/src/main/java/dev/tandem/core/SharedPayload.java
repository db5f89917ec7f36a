package dev.tandem.core;

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
}
