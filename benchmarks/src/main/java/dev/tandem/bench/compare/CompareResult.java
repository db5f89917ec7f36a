package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.List;

/**
 * A side-by-side's results: per target, one load run per rate level, then ratios between targets.
 *
 * @param ratios "a/b" values; for latency and memory lower is better for {@code a}, for throughput and
 *               set-up rate higher is better
 */
public record CompareResult(String startedAt, List<String> jvmOptions, List<Double> rates, double p99TargetMs,
                            List<TargetResult> targets, List<Ratio> ratios) {

    /** {@code status}: {@code ok}, {@code not available: …} or {@code failed: …}. */
    public record TargetResult(String target, String status, String serverLog, List<LoadResult> runs) {
        public boolean available() {
            return "ok".equals(status);
        }
    }

    /** One comparison: {@code metric} of {@code a} divided by that of {@code b}; null when not comparable. */
    public record Ratio(String metric, String a, String b, Double valueA, Double valueB, Double ratio,
                       String betterWhen) {
    }
}
