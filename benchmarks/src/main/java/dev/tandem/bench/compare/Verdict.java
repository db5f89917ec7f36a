package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;

import java.util.Locale;

/**
 * Whether a target <em>sustained</em> one load level, and why not. Sustained means: the run completed,
 * agents got at least {@value #MIN_DELIVERED} of the messages the masters sent in the steady phase, no
 * error and no reconnect happened in it, masters skipped at most {@value #MAX_SKIPPED} of their ticks
 * because the server did not read (a full link), and the master→agent p99 stayed within the bound. A
 * low p99 bought by losing or refusing messages does not count.
 *
 * <p>{@code generatorLimited} flags a level where the generator itself fell behind: its send lag p99 (how
 * late masters ticked) exceeded a fifth of the bound. Latency is measured from the intended send time, so
 * such a level is not flattering — but then the failure may be the generator's, not the server's, and a
 * maximum found there is a lower bound for the server.
 *
 * @param complete the level delivered what was sent without errors, whatever its latency (its p99 is a
 *                 fair number to compare)
 */
public record Verdict(boolean sustained, boolean complete, boolean generatorLimited, String reason) {
    /** Share of expected deliveries a sustained level must reach (window edges cost well under 1 %). */
    public static final double MIN_DELIVERED = 0.99;
    /** Largest share of master ticks a sustained level may skip. */
    public static final double MAX_SKIPPED = 0.01;

    /** The reason, except that a run which failed outright is only named so (its row says why). */
    public String shortReason() {
        return reason != null && reason.startsWith("failed") ? "run failed (see its row)" : reason;
    }

    public static Verdict of(LoadResult r, double p99BoundMs) {
        if (!r.ok() || r.steady() == null) {
            return new Verdict(false, false, false, r.outcome());
        }
        LoadResult.Steady s = r.steady();
        boolean generatorLimited = s.sendLagMs().count() > 0 && s.sendLagMs().p99() > p99BoundMs / 5;
        String lag = generatorLimited
                ? String.format(Locale.ROOT, "; generator behind (send lag p99 %.1f ms)", s.sendLagMs().p99()) : "";
        if (r.generator() != null && r.generator().machineBusy()) {
            lag += String.format(Locale.ROOT, "; machine busy (load %.1f on %d cores)", r.generator().machineLoadMax(),
                    r.generator().cores());
        }
        if (s.latencyMs().count() == 0) {
            return new Verdict(false, false, generatorLimited, "no latency sample" + lag);
        }
        double delivered = s.deliveredShare();
        long ticks = s.sent() + s.skipped();
        double skipped = ticks == 0 ? 0 : (double) s.skipped() / ticks;
        String incomplete = null;
        if (s.errors() > 0 || s.reconnects() > 0) {
            incomplete = s.errors() + " errors, " + s.reconnects() + " reconnects";
        } else if (delivered < MIN_DELIVERED) {
            incomplete = String.format(Locale.ROOT, "delivered %.1f %% of expected", delivered * 100);
        } else if (skipped > MAX_SKIPPED) {
            incomplete = String.format(Locale.ROOT, "%.1f %% of ticks skipped (server not reading)", skipped * 100);
        }
        if (incomplete != null) {
            return new Verdict(false, false, generatorLimited, incomplete + lag);
        }
        if (s.latencyMs().p99() > p99BoundMs) {
            return new Verdict(false, true, generatorLimited, String.format(Locale.ROOT, "p99 %.1f ms > %.0f ms",
                    s.latencyMs().p99(), p99BoundMs) + lag);
        }
        return new Verdict(true, true, generatorLimited, "sustained" + lag);
    }
}
