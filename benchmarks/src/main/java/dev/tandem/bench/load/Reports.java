package dev.tandem.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Renders results: pretty JSON for machines, a Markdown summary for people. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <name>.json} and {@code <name>.md} into {@code dir}. */
    public static void write(Path dir, String name, Object value, String markdown) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name + ".json"), json(value) + "\n");
            Files.writeString(dir.resolve(name + ".md"), markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + dir, e);
        }
    }

    public static String markdown(LoadResult r) {
        StringBuilder md = new StringBuilder();
        LoadResult.Config c = r.config();
        md.append("## Load run `").append(r.label()).append("`\n\n");
        md.append(String.format(Locale.ROOT,
                "Target `%s` (%s over %s), started %s — outcome **%s**.%n%n", r.target(), r.protocol(),
                r.transport(), r.startedAt(), r.outcome()));
        md.append(String.format(Locale.ROOT,
                "Load: %d sessions × (1 master + %d agent%s%s) = %d peers; %.1f msg/s per master, %d B filler,"
                        + " a snapshot batch every %d; ramp %.0f s, warm-up %.0f s, steady %.0f s.%n%n",
                c.sessions(), c.agents(), c.agents() == 1 ? "" : "s", c.controller() ? " + 1 controller" : "",
                c.peers(), c.ratePerMaster(), c.payloadBytes(), c.snapshotEvery(), c.rampSeconds(), c.warmupSeconds(),
                c.steadySeconds()));
        LoadResult.Steady s = r.steady();
        LoadResult.Latency l = s.latencyMs();
        md.append("| master→agent latency (ms) | p50 | p90 | p99 | p99.9 | max | mean | samples |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| steady | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |%n%n",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean(), l.count()));
        md.append("| throughput (steady) | msgs/s | bytes/s |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| in (published by masters) | %.1f | %s |%n", s.in().msgsPerSecond(),
                human(s.in().bytesPerSecond())));
        md.append(String.format(Locale.ROOT, "| out (delivered to agents) | %.1f | %s |%n%n",
                s.out().msgsPerSecond(), human(s.out().bytesPerSecond())));
        md.append(String.format(Locale.ROOT,
                "Delivered %d of %d expected (%.2f %%: messages sent in the steady window × agents, counted"
                        + " wherever they arrived); gaps %d, reordered %d, ticks skipped %d; errors %d, reconnects %d"
                        + " (whole run: errors %d, reconnects %d). Send lag p99 %.2f ms.%n%n",
                s.deliveredOfExpected(), s.expected(), s.deliveredShare() * 100, s.gaps(), s.reordered(), s.skipped(), s.errors(), s.reconnects(),
                r.totals().errors(), r.totals().reconnects(), s.sendLagMs().p99()));
        if (r.totals().replayed() > 0 || r.totals().resyncs() > 0) {
            md.append(String.format(Locale.ROOT, "Replays to joining agents %d (not latency samples), resyncs asked"
                    + " by the server %d.%n%n", r.totals().replayed(), r.totals().resyncs()));
        }
        if (r.generator() != null) {
            LoadResult.Generator g = r.generator();
            md.append(String.format(Locale.ROOT, "Generator: %d event loops, CPU steady avg / max %s / %s cores"
                            + " (near %d means the generator, not the server, is the limit)%s. Machine load average"
                            + " during the steady phase: up to %s on %d cores%s.%n%n",
                    g.ioThreads(), num(g.cpuAvgCores()), num(g.cpuMaxCores()), g.ioThreads(),
                    g.collector() == null ? "" : String.format(Locale.ROOT, "; its own collector (%s) ran %d times,"
                            + " %d ms in all, in the steady phase (messages arriving then are timed late)",
                            g.collector(), g.gcPauses(), g.gcPauseMs()),
                    num(g.machineLoadMax()), g.cores(),
                    g.machineBusy() ? " — **other processes competed for the CPU: figures disturbed**" : ""));
        }
        md.append(String.format(Locale.ROOT, "Connections: %d/%d open in %.2f s (%.0f/s). ",
                r.connections().open(), r.connections().requested(), r.connections().seconds(),
                r.connections().perSecond()));
        if ("raw".equals(r.protocol())) {
            md.append("Set-up: none (the raw relay has no session to create or join).\n\n");
        } else {
            md.append(String.format(Locale.ROOT,
                    "Set-up: %d/%d sessions in %.2f s = **%.1f sessions/s** (create + joins; p50 %.1f ms,"
                            + " p99 %.1f ms)%s%s.%n%n",
                    r.setup().established(), r.setup().requested(), r.setup().seconds(),
                    r.setup().sessionsPerSecond(), r.setup().latencyMs().p50(), r.setup().latencyMs().p99(),
                    r.setup().serverCpuMicrosPerSession() < 0 ? ""
                            : String.format(Locale.ROOT, "; server CPU %.0f µs per session set up",
                                    r.setup().serverCpuMicrosPerSession()),
                    r.setup().generatorCpuMicrosPerSession() < 0 ? ""
                            : String.format(Locale.ROOT, ", the generator's own %.0f µs",
                                    r.setup().generatorCpuMicrosPerSession())));
        }
        LoadResult.Server sv = r.server();
        md.append("| server (").append(sv.source()).append(") | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| CPU steady avg / max (cores) | %s / %s |%n", num(sv.cpuAvgCores()),
                num(sv.cpuMaxCores())));
        md.append("| heap in use, max | ").append(human(sv.heapMaxBytes())).append(" |\n");
        md.append("| RSS, max | ").append(human(sv.rssMaxBytes())).append(" |\n");
        md.append("| live heap baseline / idle / active | ").append(human(sv.liveHeapBaselineBytes())).append(" / ")
                .append(human(sv.liveHeapIdleBytes())).append(" / ").append(human(sv.liveHeapActiveBytes()))
                .append(" |\n");
        md.append("| heap per idle connection | ").append(signedHuman(sv.heapPerIdleConnectionBytes())).append(" |\n");
        md.append("| heap per active session | ").append(signedHuman(sv.heapPerActiveSessionBytes())).append(" |\n");
        md.append("| RSS after GC baseline / idle / active | ").append(human(sv.rssBaselineBytes())).append(" / ")
                .append(human(sv.rssIdleBytes())).append(" / ").append(human(sv.rssActiveBytes())).append(" |\n");
        md.append("| RSS per idle connection (off-heap with -Xms = -Xmx, AlwaysPreTouch) | ")
                .append(signedHuman(sv.rssPerIdleConnectionBytes())).append(" |\n\n");
        if (!r.errorKinds().isEmpty()) {
            md.append("Errors by kind: ").append(r.errorKinds()).append("\n\n");
            for (String sample : r.errorSamples()) {
                md.append("- ").append(sample.replace('\n', ' ')).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String num(double v) {
        return v < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Like {@link #human} but keeps a sign (an RSS difference can be negative). */
    public static String signedHuman(Number n) {
        if (n == null) {
            return "n/a";
        }
        return n.doubleValue() < 0 ? "−" + human(-n.doubleValue()) : human(n);
    }

    public static String human(Number n) {
        if (n == null || n.doubleValue() < 0) {
            return "n/a";
        }
        double v = n.doubleValue();
        if (v < 1024) {
            return String.format(Locale.ROOT, "%.0f B", v);
        }
        if (v < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", v / 1024);
        }
        if (v < 1024.0 * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", v / (1024 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", v / (1024.0 * 1024 * 1024));
    }
}
