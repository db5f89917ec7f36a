package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The side-by-side's comparisons, computed from each target's completed runs. */
final class Ratios {
    private Ratios() {
    }

    /** One number per target for one metric; null when that target has none. */
    record Metric(String name, String betterWhen, Function<List<LoadResult>, Double> of) {
    }

    static List<Metric> metrics(CompareOptions options) {
        List<Metric> metrics = new ArrayList<>();
        for (double rate : options.rates()) {
            metrics.add(new Metric("p99 ms at " + SideBySide.format(rate) + " msg/s per master", "lower",
                    runs -> runs.stream().filter(r -> r.config().ratePerMaster() == rate)
                            .map(r -> r.steady().latencyMs().p99()).findFirst().orElse(null)));
        }
        metrics.add(new Metric("max out msgs/s with p99 ≤ " + options.p99TargetMs() + " ms", "higher",
                runs -> runs.stream().filter(r -> r.steady().latencyMs().count() > 0
                                && r.steady().latencyMs().p99() <= options.p99TargetMs())
                        .map(r -> r.steady().out().msgsPerSecond()).max(Double::compare).orElse(null)));
        metrics.add(new Metric("heap bytes per idle connection", "lower",
                runs -> runs.isEmpty() ? null : runs.get(0).server().heapPerIdleConnectionBytes()));
        metrics.add(new Metric("heap bytes per active session", "lower",
                runs -> runs.isEmpty() ? null : runs.get(0).server().heapPerActiveSessionBytes()));
        metrics.add(new Metric("set-up rate sessions/s", "higher",
                runs -> runs.stream().filter(r -> !"raw".equals(r.protocol()))
                        .map(r -> r.setup().sessionsPerSecond()).max(Double::compare).orElse(null)));
        metrics.add(new Metric("server CPU µs per delivered msg (top level)", "lower", runs -> {
            if (runs.isEmpty()) {
                return null;
            }
            LoadResult top = runs.get(runs.size() - 1);
            double out = top.steady().out().msgsPerSecond();
            double cpu = top.server().cpuAvgCores();
            return cpu < 0 || out <= 0 ? null : cpu / out * 1e6;
        }));
        return metrics;
    }

    static List<CompareResult.Ratio> compute(List<CompareResult.TargetResult> targets, CompareOptions options) {
        List<CompareResult.TargetResult> available = targets.stream()
                .filter(CompareResult.TargetResult::available).toList();
        List<CompareResult.Ratio> ratios = new ArrayList<>();
        for (Metric metric : metrics(options)) {
            for (int i = 0; i < available.size(); i++) {
                for (int j = i + 1; j < available.size(); j++) {
                    CompareResult.TargetResult a = available.get(i);
                    CompareResult.TargetResult b = available.get(j);
                    Double va = metric.of().apply(SideBySide.completed(a));
                    Double vb = metric.of().apply(SideBySide.completed(b));
                    Double ratio = va == null || vb == null || vb == 0 ? null : va / vb;
                    ratios.add(new CompareResult.Ratio(metric.name(), a.target(), b.target(), va, vb, ratio,
                            metric.betterWhen()));
                }
            }
        }
        return ratios;
    }
}
