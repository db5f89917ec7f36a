package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;

import java.util.concurrent.ScheduledExecutorService;

/** How a peer's bytes reach the server: one WebSocket, or long-polling HTTP requests. */
interface Link {

    /** What a link reports to its peer. Called on event-loop threads. */
    interface Handler {
        void onPayload(byte[] payload);

        /** A request or the connection failed; {@code connect} says whether it carried the held /meta/connect. */
        void onFailure(Throwable error, boolean connect);

        /** The connection closed (WebSocket only). */
        void onClosed();
    }

    /** Set once, before {@link #open()}. */
    void handler(Handler handler);

    Mono<Void> open();

    /** Sends one payload; {@code connect} marks the /meta/connect that the server may hold. */
    void send(byte[] payload, boolean connect);

    /** False while earlier sends still wait to be written; the master then skips a tick. */
    boolean writable();

    /** Where the peer runs its timers: the link's own event loop. */
    ScheduledExecutorService executor();

    /** Bayeux's name for this transport. */
    String connectionType();

    Mono<Void> close();
}
