package dev.tandem.bench.history.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Turns the store's running count of acknowledged writes into per-write latencies.
 *
 * <p>{@code CassandraHistoryStore.append} completes when a record is <em>accepted</em> into the store's
 * backlog, not when Cassandra has it; what the store exposes about durability is its {@code written}
 * counter. The pacer stages each accepted write's intended time here, in order; the poller reads the
 * counter every {@value #POLL_MICROS} µs and, when it has grown from {@code w} to {@code w'}, takes writes
 * {@code w+1 … w'} as acknowledged now. The store drains its backlog in order with at most
 * {@code maxInFlight} writes outstanding, so the k-th acknowledgement is the k-th write up to reordering
 * among those in flight: the distribution is right to within that, and to the poll interval.
 *
 * <p>One writer thread calls {@link #stage}/{@link #commit}; one poller thread calls {@link #poll}.
 */
public final class AckTracker {
    /** How often {@link #poll} should run. */
    public static final long POLL_MICROS = 250;
    private static final long HIGHEST = TimeUnit.SECONDS.toNanos(60);

    private final long[] intended;
    private final int mask;
    private final LongSupplier written;
    private final long writtenBase;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final Recorder step = new Recorder(HIGHEST, 3);
    private final Recorder progress = new Recorder(HIGHEST, 3);

    /**
     * @param outstanding the most writes ever accepted but not acknowledged (the store's backlog capacity)
     * @param written     the store's count of acknowledged writes
     */
    public AckTracker(int outstanding, LongSupplier written) {
        int size = Integer.highestOneBit(Math.max(1024, outstanding) * 4 - 1);
        this.intended = new long[size];
        this.mask = size - 1;
        this.written = written;
        this.writtenBase = written.getAsLong();
    }

    /** Records the intended time of the next write, before it is offered to the store. */
    public void stage(long intendedNanos) {
        intended[(int) (accepted.get() & mask)] = intendedNanos;
    }

    /** The staged write was accepted: it now waits for its acknowledgement. */
    public void commit() {
        accepted.lazySet(accepted.get() + 1);
    }

    /** Attributes the acknowledgements counted since the last poll. */
    public void poll() {
        long w = written.getAsLong() - writtenBase;
        long a = acked.get();
        long limit = Math.min(w, accepted.get());
        if (a >= limit) {
            return;
        }
        long now = System.nanoTime();
        for (; a < limit; a++) {
            long latency = Math.max(0, Math.min(HIGHEST, now - intended[(int) (a & mask)]));
            step.recordValue(latency);
            progress.recordValue(latency);
        }
        acked.lazySet(a);
    }

    public long accepted() {
        return accepted.get();
    }

    public long acknowledged() {
        return acked.get();
    }

    /** Whether every accepted write was acknowledged. */
    public boolean drained() {
        return acked.get() >= accepted.get();
    }

    /** Latencies since the last call (a step's, warm-up's). */
    public Histogram stepInterval() {
        return step.getIntervalHistogram();
    }

    /** Latencies since the last call (for the progress line). */
    public Histogram progressInterval() {
        return progress.getIntervalHistogram();
    }
}
