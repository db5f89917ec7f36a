package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One co-browse session under load: its master, agents and optional controller, and the master's page
 * stream. The stream ticks on the master's own event loop at a fixed rate; each message carries its
 * <em>intended</em> send time, so a generator that falls behind shows up in the latency instead of
 * hiding it (no coordinated omission), and the send lag is recorded on its own.
 *
 * <p>The first batch is a {@code snapshot} (it starts the baseline a server keeps for late agents), as is
 * every {@code snapshotEvery}-th after it (a page load) and the next one after the server asks the master
 * for a {@code resync}; {@code seq} restarts at 1 with each snapshot, as the browser client does.
 */
abstract class SessionDriver {
    final int index;
    final Metrics metrics;
    private final long periodNanos;
    private final int snapshotEvery;
    private long sinceSnapshot;
    private final AtomicBoolean snapshotNext = new AtomicBoolean(true);
    private volatile ScheduledFuture<?> ticker;
    private long firstTick;
    private long ticks;
    private long seq;

    SessionDriver(int index, Metrics metrics, double ratePerSecond, int snapshotEvery) {
        this.index = index;
        this.metrics = metrics;
        this.periodNanos = Math.max(1, Math.round(1e9 / ratePerSecond));
        this.snapshotEvery = snapshotEvery;
    }

    abstract Peer master();

    abstract List<Peer> peers();

    /** Create and join (Bayeux); nothing for the raw relay, whose URL names the session. */
    abstract Mono<Void> setUp();

    /** Ends the session before its peers disconnect (Bayeux: the master's exit); never fails. */
    Mono<Void> end() {
        return Mono.empty();
    }

    /** Starts the master's stream after a random phase within one period, so masters do not tick together. */
    final void startStream() {
        Peer master = master();
        long phase = ThreadLocalRandom.current().nextLong(periodNanos);
        master.executor().execute(() -> {
            firstTick = System.nanoTime() + phase;
            ticker = master.executor().scheduleAtFixedRate(this::tick, phase, periodNanos, TimeUnit.NANOSECONDS);
        });
    }

    final void stopStream() {
        master().executor().execute(() -> {
            if (ticker != null) {
                ticker.cancel(false);
            }
        });
    }

    private void tick() {
        long intended = firstTick + ticks++ * periodNanos;
        Peer master = master();
        if (!master.writable()) {
            metrics.skipped.increment();
            return;
        }
        boolean snapshot = snapshotNext.get() || (snapshotEvery > 0 && sinceSnapshot >= snapshotEvery);
        long next = snapshot ? 1 : seq + 1;
        if (master.sendStream(next, intended, snapshot)) {
            if (snapshot) {
                snapshotNext.set(false);
                sinceSnapshot = 0;
            }
            sinceSnapshot++;
            seq = next;
            metrics.streamSent.increment();
            if (metrics.inWindow(intended)) {
                metrics.windowSent.increment();
            }
            metrics.recordSendLag(System.nanoTime() - intended);
        } else {
            metrics.skipped.increment();
        }
    }

    /**
     * The listener of an agent: latency of stream messages, order check, notifications counted. A replay
     * (the baseline a server sends a joining agent) is counted apart: its send times are old.
     */
    final Peer.Listener agentListener() {
        AtomicLong last = new AtomicLong();
        return (message, receivedNanos) -> {
            if (!message.isStream()) {
                metrics.notifications.increment();
                return;
            }
            if (message.replay()) {
                metrics.replayed.increment();
                return;
            }
            metrics.streamDelivered.increment();
            if (metrics.inWindow(message.sentNanos())) {
                metrics.windowDelivered.increment();
            }
            metrics.recordLatency(receivedNanos - message.sentNanos());
            long seq = message.seq();
            if (message.snapshot()) {
                last.set(seq);
                return;
            }
            long previous = last.getAndAccumulate(seq, Math::max);
            if (seq > previous + 1 && previous > 0) {
                metrics.gaps.add(seq - previous - 1);
            } else if (seq <= previous) {
                metrics.reordered.increment();
            }
        };
    }

    /** The master's listener: a {@code resync} request on the control channel makes the next batch a snapshot. */
    final Peer.Listener masterListener() {
        return (message, receivedNanos) -> {
            metrics.notifications.increment();
            if (Wire.CONTROL.equals(message.channel()) && "resync".equals(message.type())) {
                metrics.resyncs.increment();
                snapshotNext.set(true);
            }
        };
    }

    final Peer.Listener otherListener() {
        return (message, receivedNanos) -> metrics.notifications.increment();
    }
}
