package dev.tandem.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node-wide budget of all sessions' page-stream logs: each {@link StreamLog} reserves what it keeps and
 * gives it back when it drops it, so that many live sessions cannot together outgrow the heap even though
 * each stays within its own budget. Thread-safe: the logs of different sessions are kept on different
 * threads.
 */
final class StreamLogBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder shed = new LongAdder();

    StreamLogBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** Reserves {@code bytes} if they fit; false (and nothing reserved) when the node's logs are full. */
    boolean reserve(long bytes) {
        for (;;) {
            long now = used.get();
            long next = now + bytes;
            if (next > limit) {
                shed.increment();
                return false;
            }
            if (used.compareAndSet(now, next)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} reserved earlier. */
    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Bytes the logs of this node keep now. */
    long used() {
        return used.get();
    }

    /** How many chunks were not logged (and logs dropped) because the node's budget was full. */
    long shed() {
        return shed.sum();
    }

    long limit() {
        return limit;
    }
}
