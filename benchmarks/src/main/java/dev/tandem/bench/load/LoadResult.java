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
                         Totals totals, Server server, Generator generator, Map<String, Long> errorKinds,
                         List<String> errorSamples, String latencyHistogram) {

    public boolean ok() {
        return "ok".equals(outcome);
    }

    public LoadResult withOutcome(String newOutcome) {
        return new LoadResult(label, target, protocol, transport, startedAt, newOutcome, config, connections,
                setup, steady, totals, server, generator, errorKinds, errorSamples, latencyHistogram);
    }

    /** A run that produced no measurement: {@code outcome} says why. */
    public static LoadResult failed(String label, String target, String protocol, String startedAt, String outcome) {
        return new LoadResult(label, target, protocol, "", startedAt, outcome, null, null, null, null, null, null,
                null, Map.of(), List.of(), null);
    }

    /** The load asked for. */
    public record Config(int sessions, int agents, boolean controller, int peers, double ratePerMaster,
                         int payloadBytes, int snapshotEvery, double websocketShare, double rampSeconds, double warmupSeconds,
                         double steadySeconds) {
    }

    /** Opening every peer (WebSocket upgrade or first request, plus the Bayeux handshake). */
    public record Connections(int requested, long open, double seconds, double perSecond) {
    }

    /**
     * Session set-up: create + every join; {@code sessionsPerSecond} is the set-up rate;
     * {@code serverCpuMicrosPerSession} the server's CPU time over the set-up phase (from {@code /proc/<pid>/stat},
     * 10 ms ticks) per session set up, -1 when unknown — unlike the rate, not limited by the generator;
     * {@code generatorCpuMicrosPerSession} the generator's own CPU time over the same phase per session set up: when
     * server and generator together use every CPU of the machine, the set-up rate is the machine's, not the server's.
     */
    public record SetUp(int requested, long established, double seconds, double sessionsPerSecond,
                        Latency latencyMs, double serverCpuMicrosPerSession, double generatorCpuMicrosPerSession) {
    }

    /** Messages and bytes per second. */
    public record Rate(double msgsPerSecond, double bytesPerSecond) {
    }

    /** A latency distribution in milliseconds. */
    public record Latency(long count, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /**
     * The measured phase. {@code sent} and {@code delivered} count what left and arrived within the
     * window (the rates {@code in}/{@code out} come from them). Completeness is counted by send time, which
     * every message carries: {@code expected} = messages intended to leave within the window × agents,
     * {@code deliveredOfExpected} = agents' receipts of those, wherever they arrived before the run's end —
     * exact, no edge effect. {@code gaps} counts sequence numbers an agent never saw; {@code skipped}
     * counts ticks a master could not send (its link was full).
     */
    public record Steady(double seconds, Rate in, Rate out, Latency latencyMs, Latency sendLagMs, long sent,
                         long delivered, long expected, long deliveredOfExpected, long gaps, long reordered,
                         long skipped, long errors, long reconnects, long notifications) {

        /** deliveredOfExpected / expected, 0 when nothing was expected. */
        public double deliveredShare() {
            return expected == 0 ? 0 : (double) deliveredOfExpected / expected;
        }
    }

    /**
     * The whole run, ramp-up to close. {@code replayed}: replays (a server's kept baseline) agents got on
     * joining, not latency samples; {@code resyncs}: snapshots the server asked masters for.
     */
    public record Totals(long sent, long delivered, long gaps, long errors, long reconnects, long replayed,
                         long resyncs) {
    }

    /**
     * The generator's own CPU in the steady phase, in cores, from its process CPU time; with the server on
     * the same machine, a generator near its thread count in cores is the limit, not the server.
     * {@code machineLoadMax}: the highest 1-minute load average of the machine seen in the steady phase
     * (-1 unknown); above {@code cores}, other processes competed for the CPU and the figures are disturbed.
     * {@code collector}, {@code gcPauses}, {@code gcPauseMs}: the generator JVM's own collector and its collections
     * (count, total milliseconds) in the steady phase — a message that arrives during one is timed late, so these
     * pauses are part of the latencies measured (a generator that sees one CPU runs the Serial collector).
     */
    public record Generator(int ioThreads, double cpuAvgCores, double cpuMaxCores, double machineLoadMax, int cores,
                            String collector, long gcPauses, long gcPauseMs) {

        /** Whether the machine was busier than its cores during the steady phase. */
        public boolean machineBusy() {
            return machineLoadMax > cores;
        }
    }

    /**
     * The server's resources. CPU in cores (1.0 = one core busy), sampled every second in the steady
     * phase. Live heap is measured after a forced full GC ({@code jcmd GC.class_histogram}): before any
     * connection (baseline), with every peer connected but no session (idle), and with every session set
     * up after the stream stopped (active). Per idle connection = (idle − baseline) / peers open; per
     * active session = (active − baseline) / sessions set up, its connections included. RSS is read right
     * after each of those GCs; with {@code -Xms = -Xmx} and {@code -XX:+AlwaysPreTouch} the heap is
     * resident from the start, so the RSS difference per connection is the off-heap part (direct buffers,
     * native memory) plus nothing of the heap. Null when not measurable.
     */
    public record Server(String source, double cpuAvgCores, double cpuMaxCores, long heapMaxBytes,
                         long rssMaxBytes, Long liveHeapBaselineBytes, Long liveHeapIdleBytes,
                         Long liveHeapActiveBytes, Double heapPerIdleConnectionBytes,
                         Double heapPerActiveSessionBytes, Long rssBaselineBytes, Long rssIdleBytes,
                         Long rssActiveBytes, Double rssPerIdleConnectionBytes) {
    }
}
