package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Reports;
import dev.tandem.bench.load.TransportMode;

import java.util.Locale;

/** The side-by-side in Markdown: every level of every target, the best sustained level each, the ratios. */
public final class CompareReport {
    private CompareReport() {
    }

    public static String markdown(CompareResult result, CompareOptions options) {
        StringBuilder md = new StringBuilder("## Side-by-side\n\n");
        md.append("Started ").append(result.startedAt()).append("; every server in its own JVM with `")
                .append(String.join(" ", result.jvmOptions())).append("`")
                .append(options.serverCpus() == null ? "" : ", pinned to CPU(s) " + options.serverCpus())
                .append(", one at a time.\n\n");
        describeLoad(md, options);
        for (CompareResult.TargetResult t : result.targets()) {
            if (!t.available()) {
                md.append("- **").append(t.target()).append("**: ").append(t.status()).append('\n');
            }
        }
        md.append("\n| target | rate/master | kind | delivered msgs/s | delivered % | p50 ms | p99 ms | p99.9 ms"
                + " | max ms | send lag p99 ms | set-up/s | set-up CPU µs/session (server / generator) | heap/idle conn | heap/session | RSS/idle conn"
                + " | server CPU | generator CPU | load avg | errors | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (CompareResult.TargetResult t : result.targets()) {
            for (CompareResult.Level level : t.levels()) {
                row(md, t.target(), level);
            }
        }
        md.append("\n| target | highest sustained rate/master | delivered msgs/s | p99 ms | next level failed at"
                + " | because |\n|---|---|---|---|---|---|\n");
        for (CompareResult.TargetResult t : result.targets()) {
            if (!t.available()) {
                continue;
            }
            CompareResult.Best b = t.best();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s%s | %s | %s | %s |%n", t.target(),
                    b.rate() == null ? "none" : SideBySide.format(b.rate()),
                    b.outMsgsPerSecond() == null ? "n/a" : String.format(Locale.ROOT, "%.0f", b.outMsgsPerSecond()),
                    b.lowerBound() ? " (lower bound)" : "",
                    b.p99Ms() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", b.p99Ms()),
                    b.failedRate() == null ? "—" : SideBySide.format(b.failedRate()),
                    b.failedBecause() == null ? "nothing above failed" : b.failedBecause().replace('|', '/')));
        }
        md.append("\n| ratio | a | b | a | b | a / b | better when | note |\n|---|---|---|---|---|---|---|---|\n");
        for (CompareResult.Ratio ratio : result.ratios()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", ratio.metric(),
                    ratio.a(), ratio.b(), num(ratio.valueA()), num(ratio.valueB()),
                    ratio.ratio() == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", ratio.ratio()),
                    ratio.betterWhen(), ratio.note() == null ? "" : ratio.note().replace('|', '/')));
        }
        md.append("\n\"load avg\": the machine's highest 1-minute load average in the steady phase; above its"
                + " number of cores, other processes competed for the CPU and the level's figures are disturbed."
                + " \"set-up CPU\": each process's CPU time over the set-up phase per session set up; when the two"
                + " together come near the machine's cores × the phase's length, the set-up rate is the machine's,"
                + " not the server's alone.\n");
        md.append("\nA level is *sustained* when agents got ≥ 99 % of what masters sent, with no error, no reconnect,"
                + " ≤ 1 % of ticks skipped, and p99 ≤ the bound. \"lower bound\": the level above failed because the"
                + " generator fell behind (send lag p99 > bound / 5), or nothing above failed. Memory comes from the"
                + " first fixed level: live heap after a full GC (`jcmd GC.class_histogram`) and RSS, the same probe on"
                + " every target. The raw relay runs WebSocket only, without Bayeux or sessions: it is the ceiling,"
                + " and it has no set-up rate.\n");
        return md.toString();
    }

    private static void row(StringBuilder md, String target, CompareResult.Level level) {
        LoadResult r = level.run();
        String kind = level.search() ? "search" : "fixed";
        if (!r.ok()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s |%s %s |%n", target, SideBySide.format(level.rate()),
                    kind, " |".repeat(16), r.outcome().replace('|', '/').replace('\n', ' ')));
            return;
        }
        LoadResult.Latency l = r.steady().latencyMs();
        LoadResult.Server s = r.server();
        double delivered = 100 * r.steady().deliveredShare();
        md.append(String.format(Locale.ROOT,
                "| %s | %s | %s | %.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                target, SideBySide.format(level.rate()), kind, r.steady().out().msgsPerSecond(), delivered, l.p50(),
                l.p99(), l.p999(), l.max(), r.steady().sendLagMs().p99(),
                "raw".equals(r.protocol()) ? "n/a" : String.format(Locale.ROOT, "%.1f", r.setup().sessionsPerSecond()),
                "raw".equals(r.protocol()) ? "n/a" : micros(r.setup().serverCpuMicrosPerSession()) + " / "
                        + micros(r.setup().generatorCpuMicrosPerSession()),
                Reports.signedHuman(s.heapPerIdleConnectionBytes()), Reports.signedHuman(s.heapPerActiveSessionBytes()),
                Reports.signedHuman(s.rssPerIdleConnectionBytes()), cores(s.cpuAvgCores()),
                r.generator() == null ? "n/a" : cores(r.generator().cpuAvgCores()),
                r.generator() == null ? "n/a" : cores(r.generator().machineLoadMax()), r.steady().errors(),
                level.verdict().reason().replace('|', '/')));
    }

    private static String micros(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String cores(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(Double v) {
        if (v == null) {
            return "n/a";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void describeLoad(StringBuilder md, CompareOptions options) {
        LoadOptions o = options.load();
        md.append(String.format(Locale.ROOT,
                "Load per level: %d sessions × (1 master + %d agent%s%s), %s, %d B filler; fixed rates %s msg/s per"
                        + " master; ramp %d s, warm-up %d s, steady %d s (search levels %d s). p99 bound: %s ms.%n%n",
                o.sessions(), o.agents(), o.agents() == 1 ? "" : "s", o.controller() ? " + controller" : "",
                o.transport().label(), o.payloadBytes(),
                String.join(", ", options.rates().stream().map(SideBySide::format).toList()),
                o.ramp().toSeconds(), o.warmup().toSeconds(), o.duration().toSeconds(),
                options.searchDuration().toSeconds(), SideBySide.format(options.p99TargetMs())));
        if (o.transport() != TransportMode.WEBSOCKET && options.targets().contains(Target.RAW)) {
            md.append("Note: the raw relay speaks WebSocket only, so its rows are WebSocket whatever the transport of"
                    + " the others.\n\n");
        }
    }
}
