package dev.tandem.bench.history;

import java.util.Locale;

/** The history benchmark's Markdown summary. */
public final class HistoryReport {
    private HistoryReport() {
    }

    public static String markdown(HistoryBenchResult r) {
        StringBuilder md = new StringBuilder("## History writes (CassandraHistoryStore → embedded Cassandra)\n\n");
        HistoryBenchResult.Config c = r.config();
        HistoryBenchResult.Node n = r.node();
        md.append(String.format(Locale.ROOT, "Started %s — outcome **%s**. Cassandra %s on %s (pid %d, heap %s,"
                        + " started in %.1f s). Store: backlog %d, %d writes in flight. Page visits of sessions of %d"
                        + " pages, URLs of %d B; warm-up %.0f s at the first rate, then steps of %.0f s.%n%n",
                r.startedAt(), r.outcome(), n.releaseVersion(), n.contactPoint(), n.pid(), c.cassandraHeap(),
                n.startSeconds(), c.queueCapacity(), c.maxInFlight(), c.pagesPerSession(), c.urlBytes(),
                c.warmupSeconds(), c.stepSeconds()));
        md.append("| offered writes/s | acknowledged writes/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms"
                + " | backlog max | refused | retried | Cassandra CPU | bench CPU | verdict |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (HistoryBenchResult.Step s : r.steps()) {
            md.append(String.format(Locale.ROOT,
                    "| %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %d | %d | %.2f | %.2f | %s |%n",
                    s.offeredPerSecond(), s.writtenPerSecond(), s.latencyMs().p50(), s.latencyMs().p90(),
                    s.latencyMs().p99(), s.latencyMs().p999(), s.latencyMs().max(), s.backlogMax(), s.rejected(),
                    s.retried(), s.cassandraCpuCores(), s.benchCpuCores(), s.verdict()));
        }
        HistoryBenchResult.Step best = r.best();
        md.append('\n');
        if (best == null) {
            md.append("No step was sustained.\n");
        } else {
            md.append(String.format(Locale.ROOT, "Highest sustained: **%.0f writes/s** (p50 %.2f ms, p99 %.2f ms)%s.%n",
                    best.writtenPerSecond(), best.latencyMs().p50(), best.latencyMs().p99(),
                    best == r.steps().get(r.steps().size() - 1) ? " — every step was sustained: add higher --rates"
                            : ""));
            HistoryBenchResult.Step bounded = r.bestWithinBound();
            md.append(bounded == null
                    ? String.format(Locale.ROOT, "No sustained step kept p99 ≤ %.0f ms.%n", c.p99BoundMs())
                    : String.format(Locale.ROOT, "Highest sustained with p99 ≤ %.0f ms: **%.0f writes/s** (p50 %.2f ms,"
                            + " p99 %.2f ms).%n", c.p99BoundMs(), bounded.writtenPerSecond(), bounded.latencyMs().p50(),
                    bounded.latencyMs().p99()));
        }
        md.append("\nLatency: from a write's intended append time to the store's acknowledgement that Cassandra has"
                + " it (its backlog wait included), attributed in order from the store's `written` counter, polled every"
                + " 0.25 ms. CPU in cores (1.0 = one core).\n");
        return md.toString();
    }
}
