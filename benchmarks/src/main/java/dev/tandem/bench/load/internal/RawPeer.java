package dev.tandem.bench.load.internal;

import reactor.core.publisher.Mono;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;

/** A raw-relay peer: one WebSocket, the master's frames are the stream data itself, no Bayeux. */
final class RawPeer implements Peer, Link.Handler {
    private final WsLink link;
    private final Metrics metrics;
    private final Listener listener;
    private final String filler;
    private volatile boolean open;

    RawPeer(WsLink link, Metrics metrics, Listener listener, String filler) {
        this.link = link;
        this.metrics = metrics;
        this.listener = listener;
        this.filler = filler;
        link.handler(this);
    }

    @Override
    public Mono<Void> open() {
        return link.open().doOnSuccess(v -> open = true);
    }

    @Override
    public boolean sendStream(long seq, long intendedNanos, boolean snapshot) {
        if (!open) {
            return false;
        }
        link.send(Wire.rawStream(seq, intendedNanos, filler, snapshot), false);
        return true;
    }

    @Override
    public boolean writable() {
        return link.writable();
    }

    @Override
    public ScheduledExecutorService executor() {
        return link.executor();
    }

    @Override
    public Mono<Void> close() {
        open = false;
        return link.close();
    }

    @Override
    public void onPayload(byte[] payload) {
        try {
            listener.onDelivery(Wire.decodeRaw(payload, 0, payload.length), System.nanoTime());
        } catch (IOException | RuntimeException e) {
            metrics.error("decode", e.getMessage());
        }
    }

    @Override
    public void onFailure(Throwable error, boolean connect) {
        if (open) {
            metrics.error("io", String.valueOf(error.getMessage()));
        }
    }

    @Override
    public void onClosed() {
        if (open) {
            open = false;
            metrics.error("closed", "connection closed by the relay");
        }
    }
}
