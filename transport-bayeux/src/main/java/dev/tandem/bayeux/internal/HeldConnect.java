package dev.tandem.bayeux.internal;

import java.util.List;
import java.util.function.Consumer;
import reactor.core.Disposable;

/**
 * A {@code /meta/connect} the server holds until messages arrive, its timeout passes, a newer connect comes,
 * or the client goes. {@link #replier} renders the reply; {@link #sink} sends deliveries plus reply.
 */
final class HeldConnect {

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

    /** Renders the connect reply. */
    @FunctionalInterface
    interface Replier {
        Encoded reply(Release release, long ackBatch);
    }

    final Replier replier;
    final Consumer<List<Encoded>> sink;
    /** Whether queued messages go out with this connect's reply (long-polling, or WebSocket in ack mode). */
    final boolean carriesDeliveries;
    /** Browser whose long-polling slot this connect holds, or null. */
    final String browserSlot;
    /** The WebSocket the connect came on, or null for HTTP. */
    final WsLink link;
    volatile Disposable timer;
    /** Whether this connect is counted in the held-connects gauge. */
    final java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean();

    HeldConnect(Replier replier, Consumer<List<Encoded>> sink, boolean carriesDeliveries, String browserSlot, WsLink link) {
        this.replier = replier;
        this.sink = sink;
        this.carriesDeliveries = carriesDeliveries;
        this.browserSlot = browserSlot;
        this.link = link;
    }

    void cancelTimer() {
        Disposable t = timer;
        if (t != null) {
            t.dispose();
        }
    }
}
