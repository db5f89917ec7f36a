package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One handshaken client: its bounded outbound queue, its held connect, the WebSocket it is bound to.
 *
 * <p>State is guarded by {@code this}; critical sections are short and never call out (no I/O, no sink,
 * no listener), so there is no lock ordering to get wrong and nothing waits.
 */
final class ClientSessionImpl implements ServerSession {

    /** Outcome of binding a client to the WebSocket a message came on. */
    enum Binding { SAME, NEW, REFUSED }

    private final String id;
    private final String browserId;
    private final BayeuxContext ctx;
    private final boolean ackEnabled;
    private final OutboundQueue queue;
    /** Broadcast patterns subscribed to; made on the first subscription (co-browse clients make none). */
    private Set<String> subscriptions;

    private HeldConnect held;
    private WsLink link;
    private long lastActive;
    private long advisedInterval;
    private volatile boolean removed;

    ClientSessionImpl(String id, String browserId, boolean ackEnabled, BayeuxContext ctx) {
        this.id = id;
        this.browserId = browserId;
        this.ackEnabled = ackEnabled;
        this.ctx = ctx;
        this.queue = new OutboundQueue(ctx.options.maxQueueMessages(), ctx.options.maxQueueBytes());
        this.lastActive = ctx.now();
        this.advisedInterval = ctx.options.interval().toMillis();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<String> browserId() {
        return Optional.ofNullable(browserId);
    }

    @Override
    public boolean isRemoved() {
        return removed;
    }

    boolean ackEnabled() {
        return ackEnabled;
    }

    @Override
    public boolean deliver(String channel, JsonNode data, ObjectNode ext) {
        if (removed) {
            return false;
        }
        return enqueue(ctx.codec.encode(BayeuxMessage.builder(channel).data(data).ext(ext).build()));
    }

    @Override
    public boolean deliver(EncodedMessage message) {
        if (!(message instanceof PreparedMessage prepared)) {
            throw new IllegalArgumentException("Make EncodedMessages with EncodedMessage.of or ofData, not " + message);
        }
        if (removed) {
            return false;
        }
        return enqueue(prepared.encoded());
    }

    /** Queues an encoded message; on overflow the client is told, removed, and false returned. */
    boolean enqueue(Encoded message) {
        HeldConnect release = null;
        WsLink drain = null;
        boolean overflow = false;
        synchronized (this) {
            if (removed) {
                return false;
            }
            if (!queue.offer(message)) {
                overflow = true;
            } else if (held != null && held.carriesDeliveries) {
                release = held;
            } else if (!ackEnabled && link != null) {
                drain = link;
            }
        }
        if (overflow) {
            ctx.metrics.overflow();
            ctx.clients.remove(this, RemovalReason.OVERFLOW);
            return false;
        }
        if (release != null) {
            release(release);
        }
        if (drain != null) {
            drain.drain();
        }
        return true;
    }

    /**
     * Holds {@code h} for up to {@code timeoutMs}: a connect held before is answered first (without
     * messages); {@code h} is answered at once when the timeout is 0 or messages wait for it.
     */
    void hold(HeldConnect h, long timeoutMs) {
        HeldConnect previous;
        long batch;
        boolean now;
        boolean gone;
        synchronized (this) {
            gone = removed;
            previous = gone ? null : held;
            if (!gone) {
                held = h;
                lastActive = ctx.now();
            }
            batch = queue.batch();
            now = timeoutMs == 0 || (h.carriesDeliveries && queue.hasPending());
        }
        if (gone) {
            answer(h, HeldConnect.Release.GONE, List.of(), batch);
            return;
        }
        if (previous != null) {
            answer(previous, HeldConnect.Release.NORMAL, List.of(), batch);
        }
        if (now) {
            release(h);
            return;
        }
        if (h.count()) {
            ctx.metrics.heldConnects.incrementAndGet();
        }
        h.timer = ctx.scheduler.schedule(h, timeoutMs, TimeUnit.MILLISECONDS);
        boolean stillHeld;
        synchronized (this) {
            stillHeld = held == h;
        }
        if (!stillHeld) {
            untrack(h);
        }
    }

    /** Cancels {@code h}'s timer and takes it out of the held-connects gauge (once). */
    private void untrack(HeldConnect h) {
        h.cancelTimer();
        if (h.uncount()) {
            ctx.metrics.heldConnects.decrementAndGet();
        }
    }

    /** Answers {@code h} normally, with the messages that wait (when it carries them), unless already answered. */
    void release(HeldConnect h) {
        List<Encoded> deliveries = List.of();
        long batch;
        synchronized (this) {
            if (held != h) {
                return;
            }
            held = null;
            lastActive = ctx.now();
            if (h.carriesDeliveries) {
                int max = ctx.options.maxBatchMessages();
                long maxBytes = ctx.options.maxLargeMessageBytes();
                deliveries = ackEnabled ? queue.takeBatch(max, maxBytes) : queue.poll(max, maxBytes);
            }
            batch = queue.batch();
        }
        answer(h, HeldConnect.Release.NORMAL, deliveries, batch);
    }

    /** The transport under {@code h} went away: forget it without answering (messages stay queued). */
    void abandon(HeldConnect h) {
        synchronized (this) {
            if (held != h) {
                return;
            }
            held = null;
            lastActive = ctx.now();
        }
        untrack(h);
        if (h.browserSlot != null) {
            ctx.clients.releaseBrowserSlot(h.browserSlot, id);
        }
    }

    private void answer(HeldConnect h, HeldConnect.Release why, List<Encoded> deliveries, long batch) {
        untrack(h);
        if (h.browserSlot != null) {
            ctx.clients.releaseBrowserSlot(h.browserSlot, id);
        }
        List<Encoded> out = new ArrayList<>(deliveries.size() + 1);
        out.addAll(deliveries);
        out.add(h.reply(why, batch));
        h.answer(out);
    }

    /** Marks the client removed and answers its held connect with {@code why}; false when already removed. */
    boolean terminate(HeldConnect.Release why) {
        HeldConnect h;
        long batch;
        synchronized (this) {
            if (removed) {
                return false;
            }
            removed = true;
            h = held;
            held = null;
            batch = queue.batch();
        }
        if (h != null) {
            answer(h, why, List.of(), batch);
        }
        return true;
    }

    /** Binds the client to the WebSocket {@code l} unless it is bound to another WebSocket still open. */
    Binding bindTo(WsLink l) {
        synchronized (this) {
            if (link == l) {
                return Binding.SAME;
            }
            if (link != null && link.isOpen()) {
                return Binding.REFUSED;
            }
            link = l;
            lastActive = ctx.now();
            return Binding.NEW;
        }
    }

    /**
     * Whether an HTTP request may act for this client: not while it is bound to an open WebSocket. The
     * {@code BAYEUX_BROWSER} cookie it carries is not checked, as CometD does not: clients that share a
     * cookie jar (several CometD clients in one Node process, tabs handshaking at the same moment) see it
     * change under them, and the clientId's 160 random bits are the credential.
     */
    synchronized boolean acceptHttp() {
        if (link != null && link.isOpen()) {
            return false;
        }
        link = null;
        lastActive = ctx.now();
        return true;
    }

    /** The WebSocket {@code l} closed: unbind, and drop a connect held on it (messages stay queued). */
    void linkClosed(WsLink l) {
        HeldConnect h = null;
        synchronized (this) {
            if (link == l) {
                link = null;
            }
            if (held != null && held.link == l) {
                h = held;
                held = null;
            }
            lastActive = ctx.now();
        }
        if (h != null) {
            untrack(h);
        }
    }

    /** Messages for WebSocket {@code l} to write now (never in ack mode, where they go with connect replies). */
    List<Encoded> pollForLink(WsLink l, int maxCount, long maxBytes) {
        synchronized (this) {
            if (ackEnabled || link != l || removed) {
                return List.of();
            }
            return queue.poll(maxCount, maxBytes);
        }
    }

    synchronized void acknowledge(long batch) {
        if (ackEnabled) {
            queue.acknowledge(batch);
        }
    }

    synchronized void addSubscription(String pattern) {
        if (subscriptions == null) {
            subscriptions = new HashSet<>(4);
        }
        subscriptions.add(pattern);
    }

    synchronized void removeSubscription(String pattern) {
        if (subscriptions != null) {
            subscriptions.remove(pattern);
        }
    }

    /** A copy of the subscribed patterns. */
    synchronized Set<String> subscriptions() {
        return subscriptions == null ? Set.of() : Set.copyOf(subscriptions);
    }

    synchronized void touch() {
        lastActive = ctx.now();
    }

    synchronized void advisedInterval(long ms) {
        advisedInterval = ms;
    }

    /** Whether the client has neither held nor sent a connect for longer than maxInterval (plus its interval). */
    synchronized boolean isExpired(long now) {
        return held == null && now - lastActive > ctx.options.maxInterval().toMillis() + advisedInterval;
    }

    synchronized int queueSize() {
        return queue.size();
    }

    @Override
    public String toString() {
        return "client " + id.substring(0, 6) + "…";
    }
}
