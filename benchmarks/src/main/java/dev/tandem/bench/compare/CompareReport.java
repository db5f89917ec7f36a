package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Reports;

import java.util.Locale;

/** The side-by-side in Markdown: one table of numbers per target, then the ratios. */
public final class CompareReport {
    private CompareReport() {
    }

    public static String markdown(CompareResult result, CompareOptions options) {
        StringBuilder md = new StringBuilder("## Side-by-side\n\n");
        md.append("Started ").append(result.startedAt()).append("; every server in its own JVM with `")
                .append(String.join(" ", result.jvmOptions())).append("`, one at a time.\n\n");
        LoadResultSummary.load(md, options);
        for (CompareResult.TargetResult t : result.targets()) {
            if (!t.available()) {
                md.append("- **").append(t.target()).append("**: ").append(t.status()).append('\n');
            }
        }
        md.append("\n| target | rate/master | out msgs/s | out bytes/s | p50 ms | p99 ms | p99.9 ms | max ms"
                + " | set-up/s | heap/idle conn | heap/session | CPU cores | RSS max | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CompareResult.TargetResult t : result.targets()) {
            for (LoadResult r : t.runs()) {
                if (!r.ok()) {
                    md.append("| ").append(t.target()).append(" | ").append(r.label()).append(" | ")
                            .append(r.outcome().replace('|', '/')).append(" |||||||||||\n");
                    continue;
                }
                LoadResult.Latency l = r.steady().latencyMs();
                md.append(String.format(Locale.ROOT,
                        "| %s | %s | %.0f | %s | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %d |%n",
                        t.target(), SideBySide.format(r.config().ratePerMaster()), r.steady().out().msgsPerSecond(),
                        Reports.human(r.steady().out().bytesPerSecond()), l.p50(), l.p99(), l.p999(), l.max(),
                        "raw".equals(r.protocol()) ? "n/a" : String.format(Locale.ROOT, "%.1f",
                                r.setup().sessionsPerSecond()),
                        Reports.human(r.server().heapPerIdleConnectionBytes()),
                        Reports.human(r.server().heapPerActiveSessionBytes()),
                        r.server().cpuAvgCores() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f",
                                r.server().cpuAvgCores()),
                        Reports.human(r.server().rssMaxBytes()), r.totals().errors()));
            }
        }
        md.append("\n| ratio | a | b | a | b | a / b | better when |\n|---|---|---|---|---|---|---|\n");
        for (CompareResult.Ratio ratio : result.ratios()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", ratio.metric(), ratio.a(),
                    ratio.b(), num(ratio.valueA()), num(ratio.valueB()),
                    ratio.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio.ratio()),
                    ratio.betterWhen()));
        }
        md.append("\nThe raw relay runs WebSocket only, without Bayeux or sessions: it is the ceiling, and it has"
                + " no set-up rate.\n");
        return md.toString();
    }

    private static String num(Double v) {
        if (v == null) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The common load, in words. */
    private static final class LoadResultSummary {
        static void load(StringBuilder md, CompareOptions options) {
            var o = options.load();
            md.append(String.format(Locale.ROOT,
                    "Load per level: %d sessions × (1 master + %d agent%s%s), %s, %d B filler, rates %s msg/s per"
                            + " master; ramp %d s, warm-up %d s, steady %d s. p99 bound for throughput: %.0f ms.%n%n",
                    o.sessions(), o.agents(), o.agents() == 1 ? "" : "s", o.controller() ? " + controller" : "",
                    o.transport().label(), o.payloadBytes(),
                    String.join(", ", options.rates().stream().map(SideBySide::format).toList()),
                    o.ramp().toSeconds(), o.warmup().toSeconds(), o.duration().toSeconds(), options.p99TargetMs()));
        }
    }
}
