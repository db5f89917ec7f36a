package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code websocket} transport. Pipeline additions on the upgraded channel, in order: Reactor Netty's
 * frame decoder (frames up to {@code maxLargeMessageBytes}), permessage-deflate (inflated size capped at the
 * same), a frame aggregator (same cap), then {@code tandem.bayeux.writability}, which resumes writing when
 * the channel drains. Inbound messages are processed one at a time, in order; the connection is closed after
 * {@code webSocketIdleTimeout} without input, with 1009 for an oversized message.
 */
final class WebSocketTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTransport.class);
    static final String WRITABILITY_HANDLER = "tandem.bayeux.writability";

    /** One inbound WebSocket message, copied out of its frame before the frame is released. */
    private record Payload(byte[] bytes, boolean binary) {
    }

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
        return res.sendWebsocket((in, out) -> session(in, out, browserId), spec);
    }

    private Mono<Void> session(WebsocketInbound in, WebsocketOutbound out, String browserId) {
        AtomicReference<WsLink> ref = new AtomicReference<>();
        in.withConnection(conn -> {
            WsLink link = new WsLink(conn.channel(), ctx);
            ref.set(link);
            conn.addHandlerLast(WRITABILITY_HANDLER, new WritabilityHandler(link));
            conn.onReadIdle(ctx.options.webSocketIdleTimeout().toMillis(), conn::dispose);
            conn.onDispose(link::close);
        });
        WsLink link = ref.get();
        ctx.metrics.webSockets.incrementAndGet();
        InboundContext ic = new InboundContext(ConnectionType.WEBSOCKET, link, browserId);
        Mono<Void> inbound = in.aggregateFrames(ctx.options.maxLargeMessageBytes())
                .receiveFrames()
                .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                .map(WebSocketTransport::payload)
                .concatMap(p -> onMessage(ic, link, p))
                .then()
                .onErrorResume(e -> closeOnError(out, e))
                .doFinally(s -> link.close());
        Mono<Void> outbound = out.sendObject(link.frames()).then();
        return Mono.when(inbound, outbound)
                .doFinally(s -> ctx.metrics.webSockets.decrementAndGet());
    }

    private static Payload payload(WebSocketFrame frame) {
        return new Payload(ByteBufUtil.getBytes(frame.content()), frame instanceof BinaryWebSocketFrame);
    }

    private Mono<Void> onMessage(InboundContext ic, WsLink link, Payload p) {
        Replies replies = dispatcher.replies();
        if (p.binary()) {
            ctx.metrics.badInput();
            link.send(List.of(replies.batchFailure(BayeuxError.BAD_REQUEST, "Binary frames are not supported: send Bayeux JSON in text frames")));
            return Mono.empty();
        }
        return ctx.decode(p.bytes()).flatMap(batch -> {
            if (batch.isFailed()) {
                ctx.metrics.badInput();
                link.send(List.of(replies.batchFailure(batch.error(), batch.failure())));
                return Mono.empty();
            }
            link.beginBatch();
            return dispatcher.process(ic, batch)
                    .doOnNext(link::send)
                    .doFinally(s -> link.endBatch())
                    .then();
        });
    }

    private static Mono<Void> closeOnError(WebsocketOutbound out, Throwable e) {
        if (e instanceof TooLongFrameException || e instanceof CorruptedFrameException || e instanceof DecompressionException) {
            LOG.debug("Closing a WebSocket: {}", e.toString());
            return out.sendClose(1009, "Message too big").onErrorResume(x -> Mono.empty());
        }
        LOG.debug("WebSocket failed", e);
        return out.sendClose(1011, "Server error").onErrorResume(x -> Mono.empty());
    }
}
