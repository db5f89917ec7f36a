package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;

import java.util.concurrent.ScheduledExecutorService;

/** One simulated user: a Bayeux client (master, agent or controller) or a raw-relay socket. */
interface Peer {

    /** What a peer hands to the session that owns it. Called on event-loop threads. */
    interface Listener {
        /** A message that is no reply to a request of this peer: stream messages and notifications. */
        void onDelivery(Inbound message, long receivedNanos);
    }

    /** Connects and, for Bayeux, handshakes and starts the /meta/connect loop. */
    Mono<Void> open();

    /**
     * Publishes one page-stream message ({@code snapshot}: it starts a new baseline); false when the peer
     * could not (not writable or not ready).
     */
    boolean sendStream(long seq, long intendedNanos, boolean snapshot);

    boolean writable();

    ScheduledExecutorService executor();

    /** Leaves politely (Bayeux /meta/disconnect, WebSocket close) and never fails. */
    Mono<Void> close();
}
