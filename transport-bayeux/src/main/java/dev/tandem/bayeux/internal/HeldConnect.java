package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;

/**
 * A {@code /meta/connect} the server holds until messages arrive, its timeout passes, a newer connect comes,
 * or the client goes. Every WebSocket client holds one nearly all the time, so it keeps only what its reply
 * needs (the request's {@code id}, its timesync request, when it came) rather than the request itself, and
 * it is its own timer task.
 */
final class HeldConnect implements Runnable {
    private static final AtomicIntegerFieldUpdater<HeldConnect> COUNTED =
            AtomicIntegerFieldUpdater.newUpdater(HeldConnect.class, "counted");

    /** Why a held connect is answered. */
    enum Release {
        /** Timeout passed, messages arrived, or a newer connect replaced this one. */
        NORMAL,
        /** The client disconnected. */
        DISCONNECTED,
        /** The client's queue overflowed; it must handshake again. */
        OVERFLOW,
        /** The client was removed otherwise (expiry race, server shutdown); it must handshake again. */
        GONE
    }

    private final ConnectHandler handler;
    final ClientSessionImpl client;
    /** The request's id, echoed in the reply. */
    final String id;
    /** The request's {@code ext} when it asks for timesync, else null. */
    final ObjectNode timesyncExt;
    /** When the request arrived (ms), for timesync. */
    final long receivedAt;
    /** Whether the reply carries {@code multiple-clients} advice (and the longer interval). */
    final boolean multipleClients;
    /** Whether queued messages go out with this connect's reply (long-polling, or WebSocket in ack mode). */
    final boolean carriesDeliveries;
    /** Browser whose long-polling slot this connect holds, or null. */
    final String browserSlot;
    /** The WebSocket the connect came on, or null for HTTP. */
    final WsLink link;
    /** Where an HTTP connect's answer goes, or null for WebSocket. */
    private final MonoSink<List<Encoded>> sink;
    volatile Disposable timer;
    /** Whether this connect is counted in the held-connects gauge (0/1). */
    private volatile int counted;

    HeldConnect(ConnectHandler handler, ClientSessionImpl client, Inbound in, boolean multipleClients,
                boolean carriesDeliveries, String browserSlot, WsLink link, MonoSink<List<Encoded>> sink) {
        this.handler = handler;
        this.client = client;
        this.id = in.message().id();
        this.timesyncExt = Timesync.requested(in.message().ext()) ? in.message().ext() : null;
        this.receivedAt = in.receivedAt();
        this.multipleClients = multipleClients;
        this.carriesDeliveries = carriesDeliveries;
        this.browserSlot = browserSlot;
        this.link = link;
        this.sink = sink;
    }

    /** Renders the connect reply. */
    Encoded reply(Release release, long ackBatch) {
        return handler.reply(this, release, ackBatch);
    }

    /** Sends deliveries plus the reply. */
    void answer(List<Encoded> messages) {
        if (link != null) {
            link.send(messages);
        } else {
            sink.success(messages);
        }
    }

    /** The hold's timeout passed. */
    @Override
    public void run() {
        client.release(this);
    }

    /** Counts this connect in the held-connects gauge; true the first time. */
    boolean count() {
        return COUNTED.compareAndSet(this, 0, 1);
    }

    /** Takes this connect out of the gauge; true when it was counted. */
    boolean uncount() {
        return COUNTED.compareAndSet(this, 1, 0);
    }

    void cancelTimer() {
        Disposable t = timer;
        if (t != null) {
            t.dispose();
        }
    }
}
