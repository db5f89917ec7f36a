package dev.tandem.bench.load.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.net.URI;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection. Frames are written straight to the Netty channel (thread-safe, and on the
 * channel's own loop when the caller is already there); inbound frames are aggregated up to
 * {@code maxFrame} bytes and handed over as byte arrays.
 */
final class WsLink implements Link {
    private final Io io;
    private final HttpClient client;
    private final URI uri;
    private final int maxFrame;
    private final Metrics metrics;
    private Handler handler;
    private volatile Channel channel;
    private volatile WebsocketOutbound outbound;

    WsLink(Io io, HttpClient client, URI uri, int maxFrame, Metrics metrics) {
        this.io = io;
        this.client = client;
        this.uri = uri;
        this.maxFrame = maxFrame;
        this.metrics = metrics;
    }

    @Override
    public void handler(Handler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> open() {
        return Mono.create(sink -> {
            AtomicBoolean opened = new AtomicBoolean();
            client.websocket(io.websocketSpec).uri(uri).handle((in, out) -> {
                in.withConnection(connection -> {
                    channel = connection.channel();
                    outbound = out;
                    if (opened.compareAndSet(false, true)) {
                        sink.success();
                    }
                });
                return in.aggregateFrames(maxFrame).receiveFrames().doOnNext(this::onFrame).then();
            }).subscribe(null, error -> {
                if (opened.compareAndSet(false, true)) {
                    sink.error(error);
                } else {
                    handler.onFailure(error, false);
                    handler.onClosed();
                }
            }, () -> {
                if (opened.compareAndSet(false, true)) {
                    sink.error(new IllegalStateException("WebSocket closed during the upgrade"));
                } else {
                    handler.onClosed();
                }
            });
        });
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            byte[] bytes = ByteBufUtil.getBytes(frame.content());
            metrics.bytesIn.add(bytes.length);
            handler.onPayload(bytes);
        }
    }

    @Override
    public void send(byte[] payload, boolean connect) {
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            metrics.error("ws-send", "connection not open");
            return;
        }
        metrics.bytesOut.add(payload.length);
        ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)), ch.voidPromise());
    }

    @Override
    public boolean writable() {
        Channel ch = channel;
        return ch != null && ch.isWritable();
    }

    @Override
    public ScheduledExecutorService executor() {
        Channel ch = channel;
        return ch != null ? ch.eventLoop() : io.group.next();
    }

    @Override
    public String connectionType() {
        return "websocket";
    }

    @Override
    public Mono<Void> close() {
        WebsocketOutbound out = outbound;
        Channel ch = channel;
        if (out == null || ch == null || !ch.isActive()) {
            return Mono.empty();
        }
        return out.sendClose(1000, "bye").then().onErrorResume(e -> Mono.empty());
    }
}
