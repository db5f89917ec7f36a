package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The {@code websocket} transport. Pipeline additions on the upgraded channel, in order: Reactor Netty's
 * frame decoder (frames up to {@code maxLargeMessageBytes}), permessage-deflate (inflated size capped at the
 * same), a frame aggregator (same cap), then {@value #LINK_HANDLER} — the connection's {@link WsLink}, which
 * sees every read (for {@code webSocketIdleTimeout}) and resumes writing when the channel drains. The link
 * subscribes to the connection's frames and writes to the channel itself: no operator chain and no queue
 * per connection beyond the client's own. Inbound messages are processed one at a time, in order; the
 * connection is closed with 1009 for an oversized message.
 *
 * <p>Once the link is set up, the upgrade request's and response's headers are cleared: Reactor Netty keeps
 * both for the connection's lifetime, about a kilobyte per connection, and nothing reads them after the
 * handshake (the browser cookie is read before).
 */
final class WebSocketTransport implements WsLink.Processor {
    static final String LINK_HANDLER = "tandem.bayeux.link";

    private final BayeuxContext ctx;
    private final Dispatcher dispatcher;
    private final WebsocketServerSpec spec;

    WebSocketTransport(BayeuxContext ctx, Dispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
        int max = ctx.options.maxLargeMessageBytes();
        this.spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(max)
                .compress(ctx.options.compression())
                .maxDecompressionBufferSize(max)
                .handlePing(false)
                .build();
    }

    Mono<Void> upgrade(HttpServerRequest req, HttpServerResponse res) {
        String browserId = HttpTransport.browserCookie(req, ctx.options.browserCookieName());
        return res.sendWebsocket((in, out) -> session(in, res, browserId), spec);
    }

    private Mono<Void> session(WebsocketInbound in, HttpServerResponse res, String browserId) {
        WsLink[] made = new WsLink[1];
        in.aggregateFrames(ctx.options.maxLargeMessageBytes());
        in.withConnection(conn -> made[0] = open(conn, browserId));
        in.receiveObject().subscribe(made[0]);
        in.headers().clear();
        res.responseHeaders().clear();
        // The link ends the connection itself (close, idle, overflow, failure); nothing to wait for here.
        return Mono.never();
    }

    private WsLink open(Connection conn, String browserId) {
        WsLink link = new WsLink(conn.channel(), ctx, this, browserId);
        conn.addHandlerLast(LINK_HANDLER, link);
        link.startIdleTimer(ctx.options.webSocketIdleTimeout().toMillis());
        ctx.metrics.webSockets.incrementAndGet();
        conn.channel().closeFuture().addListener(f -> ctx.metrics.webSockets.decrementAndGet());
        return link;
    }

    /**
     * One inbound WebSocket message: decoded (in place from the frame's buffer, or — past
     * {@link BayeuxContext#OFFLOAD_DECODE_BYTES} — copied and decoded off the event loop), dispatched, replies as
     * one frame.
     */
    @Override
    public Mono<Void> onMessage(WsLink link, ByteBuf json, boolean binary) {
        if (binary) {
            ctx.metrics.badInput();
            link.send(List.of(dispatcher.replies().batchFailure(BayeuxError.BAD_REQUEST,
                    "Binary frames are not supported: send Bayeux JSON in text frames")));
            return Mono.empty();
        }
        if (json.readableBytes() <= BayeuxContext.OFFLOAD_DECODE_BYTES) {
            return handle(link, ctx.codec.decode(json));
        }
        return ctx.decode(ByteBufUtil.getBytes(json)).flatMap(batch -> handle(link, batch));
    }

    private Mono<Void> handle(WsLink link, DecodedBatch batch) {
        if (batch.isFailed()) {
            ctx.metrics.badInput();
            link.send(List.of(dispatcher.replies().batchFailure(batch.error(), batch.failure())));
            return Mono.empty();
        }
        link.beginBatch();
        boolean onLoop = link.channel().eventLoop().inEventLoop();
        if (onLoop) {
            WsLink.beginInbound();
        }
        Mono<Void> done;
        try {
            done = dispatcher.process(link.inboundContext(), batch, link::send);
        } catch (RuntimeException e) {
            link.endBatch();
            throw e;
        } finally {
            if (onLoop) {
                WsLink.endInbound();
            }
        }
        if (done == Mono.<Void>empty()) {
            link.endBatch();
            return done;
        }
        return done.doFinally(s -> link.endBatch());
    }
}
