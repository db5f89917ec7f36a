package dev.tandem.core.history;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, for tests: polls every few milliseconds and fails with the
 * condition's description when the deadline passes. Never a fixed sleep.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    /** Returns as soon as {@code condition} holds; throws {@link AssertionError} after {@code deadline}. */
    public static void until(String description, Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("Timed out after " + deadline + " waiting until " + description);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
