package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.List;
import java.util.Map;

/** Hand-made load results for the compare logic's tests. */
final class Levels {
    private Levels() {
    }

    static LoadResult run(double rate, double p99, long delivered, long expected, long errors, double sendLagP99) {
        LoadResult.Latency latency = new LoadResult.Latency(delivered, p99 / 2, p99 / 2, p99 * 0.9, p99, p99 * 1.2,
                p99 * 1.5);
        LoadResult.Latency lag = new LoadResult.Latency(expected, 0.1, 0.1, 0.2, sendLagP99, sendLagP99, sendLagP99);
        LoadResult.Steady steady = new LoadResult.Steady(10, new LoadResult.Rate(expected / 10.0, 1000),
                new LoadResult.Rate(delivered / 10.0, 1000), latency, lag, expected, delivered, expected, delivered, 0,
                0, 0, errors, 0, 0);
        LoadResult.Server server = new LoadResult.Server("test", 0.5, 0.7, 1, 1, 1000L, 5000L, 9000L, 4.0, 8.0,
                null, null, null, null);
        return new LoadResult("t@" + rate, "t", "bayeux", "websocket", "now", "ok",
                new LoadResult.Config(100, 1, false, 200, rate, 1024, 100, 1, 0, 1, 10),
                new LoadResult.Connections(200, 200, 1, 200), new LoadResult.SetUp(100, 100, 1, 100, latency, -1, -1),
                steady, new LoadResult.Totals(expected, delivered, 0, errors, 0, 0, 0), server,
                new LoadResult.Generator(2, 0.5, 0.6, 0.5, 2, "G1", 1, 20), Map.of(), List.of(), "");
    }

    static CompareResult.Level level(double rate, boolean search, LoadResult run) {
        return new CompareResult.Level(rate, search, run, Verdict.of(run, 50));
    }
}
