package dev.tandem.bench.load.internal;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the generator counts, written from any event-loop thread without locks: HdrHistogram
 * {@link Recorder}s for latencies (nanoseconds) and {@link LongAdder}s for counts. The reader rolls the
 * recorders into per-phase histograms; only the steady phase's go into the result.
 */
public final class Metrics {
    /** Latencies above a minute are recorded as a minute. */
    static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int ERROR_SAMPLES = 20;

    private final Recorder latency = new Recorder(HIGHEST_NANOS, 3);
    private final Recorder sendLag = new Recorder(HIGHEST_NANOS, 3);
    private final Recorder setup = new Recorder(HIGHEST_NANOS, 3);

    final LongAdder bytesOut = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder streamSent = new LongAdder();
    final LongAdder streamDelivered = new LongAdder();
    final LongAdder notifications = new LongAdder();
    final LongAdder replayed = new LongAdder();
    final LongAdder resyncs = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder reordered = new LongAdder();
    final LongAdder skipped = new LongAdder();
    final LongAdder peersOpen = new LongAdder();
    final LongAdder sessionsUp = new LongAdder();
    /** Messages whose intended send time lies in the steady window, and agents' receipts of those. */
    final LongAdder windowSent = new LongAdder();
    final LongAdder windowDelivered = new LongAdder();
    private volatile long windowFrom = Long.MAX_VALUE;
    private volatile long windowTo = Long.MAX_VALUE;

    private final Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
    private final List<String> errorSamples = new ArrayList<>();

    private Histogram latencyRecycle;
    private Histogram lagRecycle;
    private Histogram latencyPhase = newHistogram();
    private Histogram lagPhase = newHistogram();
    private final Histogram latencySteady = newHistogram();
    private final Histogram lagSteady = newHistogram();
    private final Histogram setupAll = newHistogram();
    private boolean steady;

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_NANOS, 3);
    }

    void recordLatency(long nanos) {
        latency.recordValue(clamp(nanos));
    }

    void recordSendLag(long nanos) {
        sendLag.recordValue(clamp(nanos));
    }

    void recordSetup(long nanos) {
        setup.recordValue(clamp(nanos));
    }

    void error(String kind, String detail) {
        errors.increment();
        errorKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
        synchronized (errorSamples) {
            if (errorSamples.size() < ERROR_SAMPLES) {
                errorSamples.add(kind + ": " + detail);
            }
        }
    }

    /** Moves what was recorded since the last roll into the current phase; returns that interval's summary. */
    public synchronized Interval roll() {
        Histogram interval = latency.getIntervalHistogram(latencyRecycle);
        latencyPhase.add(interval);
        Interval summary = new Interval(interval.getTotalCount(), interval.getValueAtPercentile(50),
                interval.getValueAtPercentile(99), interval.getMaxValue());
        latencyRecycle = interval;
        Histogram lag = sendLag.getIntervalHistogram(lagRecycle);
        lagPhase.add(lag);
        lagRecycle = lag;
        return summary;
    }

    /** Whether a message intended to leave at {@code sentNanos} belongs to the steady window. */
    boolean inWindow(long sentNanos) {
        return sentNanos >= windowFrom && sentNanos < windowTo;
    }

    public synchronized void beginSteady() {
        windowFrom = System.nanoTime();
        roll();
        latencyPhase = latencySteady;
        lagPhase = lagSteady;
        steady = true;
    }

    public synchronized void endSteady() {
        windowTo = System.nanoTime();
        roll();
        latencyPhase = newHistogram();
        lagPhase = newHistogram();
        steady = false;
    }

    public synchronized boolean isSteady() {
        return steady;
    }

    public synchronized Histogram steadyLatency() {
        return latencySteady.copy();
    }

    public synchronized Histogram steadySendLag() {
        return lagSteady.copy();
    }

    public synchronized Histogram setupLatency() {
        setupAll.add(setup.getIntervalHistogram());
        return setupAll.copy();
    }

    public Counters counters() {
        return new Counters(System.nanoTime(), bytesOut.sum(), bytesIn.sum(), streamSent.sum(),
                streamDelivered.sum(), notifications.sum(), errors.sum(), reconnects.sum(), gaps.sum(),
                reordered.sum(), skipped.sum(), peersOpen.sum(), sessionsUp.sum());
    }

    public Map<String, Long> errorKinds() {
        Map<String, Long> out = new java.util.TreeMap<>();
        errorKinds.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    private static long clamp(long nanos) {
        return nanos < 0 ? 0 : Math.min(nanos, HIGHEST_NANOS);
    }

    /** Latency summary of one progress interval, in nanoseconds. */
    public record Interval(long count, long p50, long p99, long max) {
    }

    /** A snapshot of the counters at one instant. */
    public record Counters(long atNanos, long bytesOut, long bytesIn, long streamSent, long streamDelivered,
                           long notifications, long errors, long reconnects, long gaps, long reordered,
                           long skipped, long peersOpen, long sessionsUp) {

        public double seconds(Counters earlier) {
            return (atNanos - earlier.atNanos) / 1e9;
        }
    }
}
