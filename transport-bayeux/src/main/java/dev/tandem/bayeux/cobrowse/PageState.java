package dev.tandem.bayeux.cobrowse;

import dev.tandem.bayeux.cobrowse.CobrowseRequests.StreamRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the transport knows of one session's page stream: the URL the master reported, whether the agents have a
 * usable baseline, whether the engine's log since that baseline is whole, and the {@link MaskCheck} following the
 * page. One per session, shared by the master's stream requests (sequential: one client, one request at a time)
 * and the agents' resync requests. The check runs under the mirror's lock; the state's own lock is held only
 * briefly, and the flags the agents' requests read are volatile.
 *
 * <p>Baselines: after the master joins (a page load, a reconnect) no batch is relayed until a snapshot batch is
 * accepted — increments of a page the agents do not have would only break their view. A snapshot refused for
 * masked content leaves the page {@link Baseline#REFUSED} until the next snapshot.
 */
final class PageState {
    /** Whether the agents have a baseline for the master's current page. */
    enum Baseline { NONE, LIVE, REFUSED }

    /** What to do with a batch. */
    sealed interface Admission {
        /** Relay it: its events passed the check. */
        record Relay() implements Admission {
        }

        /** Refuse it: it carries masked content. */
        record Leaked(MaskCheck.Result result) implements Admission {
        }

        /** Refuse it: no snapshot of this page was accepted, or it was refused. {@code askSnapshot}: ask the master once. */
        record NoBaseline(Baseline baseline, boolean askSnapshot) implements Admission {
        }
    }

    /** A log longer than this (in events) is not replayed to an agent that asks for a resync: the master is asked instead. */
    static final int MAX_REPLAYED_EVENTS = 10_000;
    /** At most one resync request to the master per this many milliseconds, unless a snapshot came meanwhile. */
    static final long MASTER_RESYNC_INTERVAL_MS = 10_000;

    private static final MaskCheck.Result CLEAN = new MaskCheck.Result(null, 0);

    private final MaskCheck check;
    private volatile String pageUrl;
    private volatile Baseline baseline = Baseline.NONE;
    private volatile boolean whole;
    private volatile int eventsSinceSnapshot;
    private final AtomicLong masterResyncAt = new AtomicLong(Long.MIN_VALUE);
    // Guarded by this.
    private boolean askedSinceJoin;
    private long lastSeq;

    PageState(MaskRules rules) {
        this.check = new MaskCheck(rules);
    }

    /** The master joined (first join or resume): the agents keep their view, but nothing is relayed until a snapshot. */
    synchronized void masterJoined() {
        baseline = Baseline.NONE;
        askedSinceJoin = false;
    }

    /** The master entered {@code url} (its page report): the URL its masking rules were chosen for. */
    void pageReported(String url) {
        pageUrl = url;
    }

    /**
     * Checks {@code request} and says whether to relay it; the mirror follows the page either way. The check
     * holds the mirror's lock only, so that others' short calls on this object never wait for it.
     */
    Admission admit(StreamRequest request) {
        synchronized (this) {
            if (!request.snapshot() && baseline != Baseline.LIVE) {
                boolean ask = baseline == Baseline.NONE && !askedSinceJoin;
                askedSinceJoin |= ask;
                return new Admission.NoBaseline(baseline, ask);
            }
        }
        MaskCheck.Result result;
        synchronized (check) {
            result = request.events().isEmpty() ? CLEAN : check.check(request.events(), pageUrl);
        }
        if (result.clean()) {
            return new Admission.Relay();
        }
        synchronized (this) {
            if (request.snapshot()) {
                baseline = Baseline.REFUSED;
            } else {
                whole = false;
            }
        }
        return new Admission.Leaked(result);
    }

    /** The engine took {@code batch}. */
    synchronized void relayed(StreamBatch batch) {
        if (batch.snapshot()) {
            baseline = Baseline.LIVE;
            whole = true;
            eventsSinceSnapshot = batch.eventCount();
            masterResyncAt.set(Long.MIN_VALUE);
        } else {
            if (batch.seq() != lastSeq + 1) {
                whole = false; // a batch of the master's never reached the engine
            }
            eventsSinceSnapshot += batch.eventCount();
        }
        lastSeq = batch.seq();
    }

    /**
     * A batch that passed the check did not reach the engine (refused, or no memory for it): the log misses it, and a
     * snapshot not relayed leaves no baseline — the master's next increment then asks it for another snapshot, once
     * (the agents keep the page they had and see no gap, so none of them would ask).
     */
    synchronized void notRelayed(boolean snapshot) {
        if (snapshot) {
            baseline = Baseline.NONE;
            askedSinceJoin = false;
        } else {
            whole = false;
        }
    }

    /** Whether the engine's log gives an agent the page as it is: a baseline, nothing missing since, not too long. */
    boolean logReplayable() {
        return baseline == Baseline.LIVE && whole && eventsSinceSnapshot <= MAX_REPLAYED_EVENTS;
    }

    Baseline baseline() {
        return baseline;
    }

    /** Whether a resync request may go to the master now (and records that one went). */
    boolean claimMasterResync(long now) {
        long last = masterResyncAt.get();
        if (last != Long.MIN_VALUE && now - last < MASTER_RESYNC_INTERVAL_MS) {
            return false;
        }
        return masterResyncAt.compareAndSet(last, now);
    }

    /** Whether node ids beyond the mirror's range were seen in the current page (those nodes are not checked). */
    boolean mirrorOverflowed() {
        synchronized (check) {
            return check.overflowed();
        }
    }
}
