package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The side-by-side's comparisons, computed from each target's levels. Each metric yields one value per
 * target or none, with a note when the value is qualified; a ratio exists only when both have one.
 * <ul>
 *   <li><b>p99 at equal load</b>: at every fixed rate, the p99 of a level that was <em>complete</em>
 *       (all delivered, no error: see {@link Verdict}); a level that lost messages has no fair p99.</li>
 *   <li><b>throughput at equal p99</b>: the delivered msgs/s of the highest sustained level (p99 within
 *       the bound, complete), fixed or searched.</li>
 *   <li><b>memory</b>: live heap (and RSS) per idle connection and heap per active session, from the
 *       first fixed level, measured the same way on every target (see {@code ServerProbe}).</li>
 *   <li><b>set-up rate</b>: the best over the fixed levels; <b>CPU per message</b>: at the highest fixed
 *       rate, if sustained.</li>
 * </ul>
 */
final class Ratios {
    private Ratios() {
    }

    /** One value of one target, possibly qualified. */
    record Value(Double value, String note) {
        static final Value NONE = new Value(null, null);

        static Value of(Double value) {
            return new Value(value, null);
        }
    }

    record Metric(String name, String betterWhen, Function<CompareResult.TargetResult, Value> of) {
    }

    static List<Metric> metrics(CompareOptions options) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("max delivered msgs/s with p99 ≤ " + SideBySide.format(options.p99TargetMs()) + " ms",
                "higher", t -> {
                    CompareResult.Best best = t.best();
                    if (best == null || best.outMsgsPerSecond() == null) {
                        return new Value(null, "no level sustained");
                    }
                    String note = best.lowerBound() ? "lower bound" : null;
                    boolean busy = t.levels().stream().anyMatch(l -> l.rate() == best.rate() && busy(l));
                    return new Value(best.outMsgsPerSecond(), busy ? join(note, "machine busy") : note);
                }));
        for (double rate : options.rates()) {
            metrics.add(new Metric("p99 ms at " + SideBySide.format(rate) + " msg/s per master", "lower",
                    t -> level(t, rate).map(l -> l.verdict().complete()
                                    ? new Value(l.run().steady().latencyMs().p99(), busy(l) ? "machine busy" : null)
                                    : new Value(null, "incomplete: " + l.verdict().shortReason()))
                            .orElse(Value.NONE)));
        }
        metrics.add(new Metric("live heap bytes per idle connection", "lower",
                t -> firstServer(t).map(s -> Value.of(s.heapPerIdleConnectionBytes())).orElse(Value.NONE)));
        metrics.add(new Metric("live heap bytes per active session", "lower",
                t -> firstServer(t).map(s -> Value.of(s.heapPerActiveSessionBytes())).orElse(Value.NONE)));
        metrics.add(new Metric("RSS bytes per idle connection", "lower",
                t -> firstServer(t).map(s -> s.rssPerIdleConnectionBytes() != null && s.rssPerIdleConnectionBytes() <= 0
                        ? new Value(null, "RSS did not grow (memory freed earlier was reused): not measurable here")
                        : Value.of(s.rssPerIdleConnectionBytes())).orElse(Value.NONE)));
        metrics.add(new Metric("set-up rate sessions/s", "higher", t -> t.fixed().stream()
                .filter(l -> l.run().ok() && !"raw".equals(l.run().protocol()))
                .map(l -> l.run().setup().sessionsPerSecond()).max(Double::compare)
                .map(Value::of).orElse(Value.NONE)));
        metrics.add(new Metric("server CPU µs per session set-up", "lower", t -> t.fixed().stream()
                .filter(l -> l.run().ok() && !"raw".equals(l.run().protocol()) && l.run().setup().serverCpuMicrosPerSession() > 0)
                .map(l -> l.run().setup().serverCpuMicrosPerSession()).min(Double::compare)
                .map(Value::of).orElse(Value.NONE)));
        double top = options.rates().get(options.rates().size() - 1);
        metrics.add(new Metric("server CPU µs per delivered msg at " + SideBySide.format(top) + " msg/s per master",
                "lower", t -> level(t, top).map(l -> {
                    if (!l.verdict().sustained()) {
                        return new Value(null, "not sustained");
                    }
                    double out = l.run().steady().out().msgsPerSecond();
                    double cpu = l.run().server().cpuAvgCores();
                    return cpu < 0 || out <= 0 ? Value.NONE : Value.of(cpu / out * 1e6);
                }).orElse(Value.NONE)));
        return metrics;
    }

    private static boolean busy(CompareResult.Level l) {
        return l.run().generator() != null && l.run().generator().machineBusy();
    }

    private static String join(String a, String b) {
        return a == null ? b : a + ", " + b;
    }

    private static Optional<CompareResult.Level> level(CompareResult.TargetResult t, double rate) {
        return t.fixed().stream().filter(l -> l.rate() == rate).findFirst();
    }

    private static Optional<LoadResult.Server> firstServer(CompareResult.TargetResult t) {
        return t.fixed().stream().filter(l -> l.run().ok()).map(l -> l.run().server()).findFirst();
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
                    Value va = metric.of().apply(a);
                    Value vb = metric.of().apply(b);
                    Double ratio = va.value() == null || vb.value() == null || vb.value() == 0 ? null
                            : va.value() / vb.value();
                    ratios.add(new CompareResult.Ratio(metric.name(), a.target(), b.target(), va.value(), vb.value(),
                            ratio, metric.betterWhen(), note(a.target(), va, b.target(), vb)));
                }
            }
        }
        return ratios;
    }

    private static String note(String a, Value va, String b, Value vb) {
        List<String> notes = new ArrayList<>();
        if (va.note() != null) {
            notes.add(a + ": " + va.note());
        }
        if (vb.note() != null) {
            notes.add(b + ": " + vb.note());
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }
}
