package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.List;

/**
 * A side-by-side's results: per target, its load levels (the fixed rates, then the search), the best
 * sustained level, then ratios between targets.
 */
public record CompareResult(String startedAt, List<String> jvmOptions, List<Double> rates, double p99TargetMs,
                            List<TargetResult> targets, List<Ratio> ratios) {

    /** {@code status}: {@code ok}, {@code not available: …} or {@code failed: …}. */
    public record TargetResult(String target, String status, String serverLog, List<Level> levels, Best best) {
        public boolean available() {
            return "ok".equals(status);
        }

        /** The fixed-rate levels, in rate order. */
        public List<Level> fixed() {
            return levels.stream().filter(l -> !l.search()).toList();
        }
    }

    /** One load level: its per-master rate, whether it was a search level, the run and its verdict. */
    public record Level(double rate, boolean search, LoadResult run, Verdict verdict) {
    }

    /**
     * The highest sustained level: {@code rate} per master and its delivered msgs/s and p99 (null when no
     * level was sustained), and the lowest failed rate above it with the reason. {@code lowerBound}: the
     * real maximum may be higher — the failure above was the generator's, or nothing above failed.
     */
    public record Best(Double rate, Double outMsgsPerSecond, Double p99Ms, Double failedRate, String failedBecause,
                       boolean lowerBound) {
        static final Best NONE = new Best(null, null, null, null, null, false);
    }

    /**
     * One comparison: {@code metric} of {@code a} divided by that of {@code b}; null when not comparable,
     * {@code note} says why or qualifies it.
     */
    public record Ratio(String metric, String a, String b, Double valueA, Double valueB, Double ratio,
                        String betterWhen, String note) {
    }
}
