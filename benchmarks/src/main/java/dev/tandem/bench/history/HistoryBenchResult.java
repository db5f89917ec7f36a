package dev.tandem.bench.history;

import dev.tandem.bench.load.LoadResult;

import java.util.List;

/**
 * What one history-write run measured. Write latency is from a write's intended append time to the
 * store's acknowledgement that Cassandra has it (see {@code AckTracker}): it includes the wait in the
 * store's backlog, which is what a co-browse server's history experiences.
 *
 * @param outcome {@code ok}, or what failed
 * @param best    the highest sustained step, or null
 * @param bestWithinBound the highest sustained step whose p99 stayed within {@code config.p99BoundMs}, or null
 */
public record HistoryBenchResult(String startedAt, String outcome, Config config, Node node, List<Step> steps,
                                 Step best, Step bestWithinBound) {

    /** The run asked for, and the store's bounds. */
    public record Config(List<Double> rates, double warmupSeconds, double stepSeconds, int pagesPerSession,
                         int urlBytes, int queueCapacity, int maxInFlight, String cassandraHeap, double p99BoundMs) {
    }

    /** The embedded node. */
    public record Node(String releaseVersion, String contactPoint, long pid, String dataDir, double startSeconds) {
    }

    /**
     * One step at one offered rate. {@code written} counts acknowledgements within the step's window
     * ({@code writtenPerSecond} from it); {@code backlogAtEnd} is what the store still held when the window
     * closed; {@code drainSeconds} how long the last writes then took. Sustained: nothing refused, the
     * acknowledgements kept up with the offered rate (at least {@value HistoryBench#MIN_KEPT_UP} of it)
     * and the backlog did not grow past 100 ms of writes (or twice the in-flight bound).
     */
    public record Step(double offeredPerSecond, double seconds, long issued, long accepted, long rejected, long written,
                       double writtenPerSecond, long retried, long backlogAtEnd, long backlogMax, double drainSeconds,
                       LoadResult.Latency latencyMs, double cassandraCpuCores, double benchCpuCores, boolean sustained,
                       String verdict) {
    }
}
