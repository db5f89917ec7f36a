package dev.tandem.history.cassandra.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a repeated log line through at most once per period and counts the ones it held back. */
final class LogLimiter {
    private final long periodNanos;
    private final AtomicLong next = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    LogLimiter(Duration period) {
        this.periodNanos = period.toNanos();
    }

    /**
     * Whether to log now; if so, returns how many were held back since the last one (≥ 0), else -1.
     */
    long tryLog() {
        long now = System.nanoTime();
        long at = next.get();
        if (now - at >= 0 && next.compareAndSet(at, now + periodNanos)) {
            return suppressed.getAndSet(0);
        }
        suppressed.incrementAndGet();
        return -1;
    }
}
