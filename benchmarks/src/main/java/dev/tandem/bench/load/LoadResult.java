package dev.tandem.bench.load;

import java.util.List;
import java.util.Map;

/**
 * What one load run measured. "in" is traffic into the server (what the generator sent), "out" is
 * traffic out of it (what the generator received). Latencies are in milliseconds; the steady phase's
 * numbers are the result, ramp-up and warm-up are not in them.
 *
 * @param outcome          {@code ok}, or what failed
 * @param latencyHistogram the steady phase's master→agent latency histogram, nanoseconds, HdrHistogram
 *                         compressed and base64-encoded (decode with {@code Histogram.fromString})
 */
public record LoadResult(String label, String target, String protocol, String transport, String startedAt,
                         String outcome, Config config, Connections connections, SetUp setup, Steady steady,
                         Totals totals, Server server, Map<String, Long> errorKinds, List<String> errorSamples,
                         String latencyHistogram) {

    public boolean ok() {
        return "ok".equals(outcome);
    }

    public LoadResult withOutcome(String newOutcome) {
        return new LoadResult(label, target, protocol, transport, startedAt, newOutcome, config, connections,
                setup, steady, totals, server, errorKinds, errorSamples, latencyHistogram);
    }

    /** The load asked for. */
    public record Config(int sessions, int agents, boolean controller, int peers, double ratePerMaster,
                         int payloadBytes, double websocketShare, double rampSeconds, double warmupSeconds,
                         double steadySeconds) {
    }

    /** Opening every peer (WebSocket upgrade or first request, plus the Bayeux handshake). */
    public record Connections(int requested, long open, double seconds, double perSecond) {
    }

    /** Session set-up: create + every join; {@code sessionsPerSecond} is the set-up rate. */
    public record SetUp(int requested, long established, double seconds, double sessionsPerSecond,
                        Latency latencyMs) {
    }

    /** Messages and bytes per second. */
    public record Rate(double msgsPerSecond, double bytesPerSecond) {
    }

    /** A latency distribution in milliseconds. */
    public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /**
     * The measured phase. {@code expected} = sent × agents; {@code gaps} counts sequence numbers an
     * agent never saw; {@code skipped} counts ticks a master could not send (its link was full).
     */
    public record Steady(double seconds, Rate in, Rate out, Latency latencyMs, Latency sendLagMs, long sent,
                         long delivered, long expected, long gaps, long reordered, long skipped, long errors,
                         long reconnects, long notifications) {
    }

    /** The whole run, ramp-up to close. */
    public record Totals(long sent, long delivered, long gaps, long errors, long reconnects) {
    }

    /**
     * The server's resources. CPU in cores (1.0 = one core busy), sampled every second in the steady
     * phase. Live heap is measured after a forced full GC: before any connection (baseline), with every
     * peer connected but no session (idle), and with every session set up after the stream stopped
     * (active). Per idle connection = (idle − baseline) / peers; per active session = (active − baseline)
     * / sessions, its connections included. Null when not measurable.
     */
    public record Server(String source, double cpuAvgCores, double cpuMaxCores, long heapMaxBytes,
                         long rssMaxBytes, Long liveHeapBaselineBytes, Long liveHeapIdleBytes,
                         Long liveHeapActiveBytes, Double heapPerIdleConnectionBytes,
                         Double heapPerActiveSessionBytes) {
    }
}
