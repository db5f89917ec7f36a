package dev.tandem.bench.history;

import dev.tandem.bench.BenchException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one history-write run does. Immutable; start from {@link #DEFAULT}, change with
 * {@link #toBuilder()}.
 *
 * @param rates           offered writes per second, one step each, in increasing order; the run stops after
 *                        the first step the store does not sustain
 * @param warmup          writes at the first rate before the first step, not measured (JIT, Cassandra's
 *                        memtables)
 * @param step            the measured time of each step
 * @param drainTimeout    how long a step may take, after its last write, to get every write acknowledged
 * @param pagesPerSession page visits per session id before the next session starts (one partition each)
 * @param urlBytes        length of each page's URL
 * @param queueCapacity   the store's backlog capacity (its default: 10,000)
 * @param maxInFlight     the store's concurrent writes (its default: 64)
 * @param cassandraHeap   the embedded node's heap ({@code 1G}, {@code 512M})
 * @param dataDir         the embedded node's data directory; null = a fresh temporary one, deleted after
 * @param p99BoundMs      the write-latency bound of "highest sustained step within p99" (history writes are
 *                        asynchronous: a step may keep up with a worse p99, and still counts as sustained)
 * @param progress        interval of the progress line; zero = silent
 * @param outputDir       where the CLI writes history.json and history.md; null = nowhere
 */
public record HistoryBenchOptions(List<Double> rates, Duration warmup, Duration step, Duration drainTimeout,
                                  int pagesPerSession, int urlBytes, int queueCapacity, int maxInFlight,
                                  String cassandraHeap, Path dataDir, double p99BoundMs, Duration progress,
                                  Path outputDir) {

    public static final HistoryBenchOptions DEFAULT = new HistoryBenchOptions(
            List.of(250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0), Duration.ofSeconds(15),
            Duration.ofSeconds(20), Duration.ofSeconds(30), 10, 80, 10_000, 64, "1G", null, 50, Duration.ofSeconds(5),
            null);

    public HistoryBenchOptions {
        rates = List.copyOf(rates);
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cassandraHeap, "cassandraHeap");
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new BenchException("--rates must list positive write rates, such as 500,1000,2000");
        }
        for (int i = 1; i < rates.size(); i++) {
            if (rates.get(i) <= rates.get(i - 1)) {
                throw new BenchException("--rates must increase: " + rates);
            }
        }
        if (step.isZero() || step.isNegative() || warmup.isNegative() || drainTimeout.isNegative()) {
            throw new BenchException("--step must be positive, --warmup and --drain-timeout zero or more");
        }
        if (!(p99BoundMs > 0)) {
            throw new BenchException("--p99-target-ms must be above 0");
        }
        if (pagesPerSession < 1 || urlBytes < 20 || queueCapacity < 1 || maxInFlight < 1) {
            throw new BenchException("--pages-per-session, --queue-capacity and --max-in-flight must be at least 1,"
                    + " --url-bytes at least 20");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable companion of {@link HistoryBenchOptions}; {@link #build()} validates. */
    public static final class Builder {
        private List<Double> rates;
        private Duration warmup;
        private Duration step;
        private Duration drainTimeout;
        private int pagesPerSession;
        private int urlBytes;
        private int queueCapacity;
        private int maxInFlight;
        private String cassandraHeap;
        private Path dataDir;
        private double p99BoundMs;
        private Duration progress;
        private Path outputDir;

        private Builder(HistoryBenchOptions o) {
            rates = o.rates;
            warmup = o.warmup;
            step = o.step;
            drainTimeout = o.drainTimeout;
            pagesPerSession = o.pagesPerSession;
            urlBytes = o.urlBytes;
            queueCapacity = o.queueCapacity;
            maxInFlight = o.maxInFlight;
            cassandraHeap = o.cassandraHeap;
            dataDir = o.dataDir;
            p99BoundMs = o.p99BoundMs;
            progress = o.progress;
            outputDir = o.outputDir;
        }

        public Builder rates(List<Double> v) { rates = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder step(Duration v) { step = v; return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        public Builder pagesPerSession(int v) { pagesPerSession = v; return this; }
        public Builder urlBytes(int v) { urlBytes = v; return this; }
        public Builder queueCapacity(int v) { queueCapacity = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder cassandraHeap(String v) { cassandraHeap = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder p99BoundMs(double v) { p99BoundMs = v; return this; }
        public Builder progress(Duration v) { progress = v; return this; }
        public Builder outputDir(Path v) { outputDir = v; return this; }

        public HistoryBenchOptions build() {
            return new HistoryBenchOptions(rates, warmup, step, drainTimeout, pagesPerSession, urlBytes, queueCapacity,
                    maxInFlight, cassandraHeap, dataDir, p99BoundMs, progress, outputDir);
        }
    }
}
