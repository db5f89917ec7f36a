package dev.tandem.bayeux.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One WebSocket's outbound side. Replies queue here; messages for the bound client stay in the client's
 * bounded queue and are pulled only when the frame publisher has demand and the channel is writable, so a
 * slow socket backs up into the client's queue (and overflows there), never into memory without bound.
 *
 * <p>While an inbound frame is being processed ({@link #beginBatch()}…{@link #endBatch()}) output is held,
 * so the replies to one frame leave as one frame. Guarded by {@code this}; calls into the client take the
 * client's lock after this one, never the other way round.
 */
final class WsLink {
    private final Channel channel;
    private final BayeuxContext ctx;
    private final ArrayDeque<List<Encoded>> replies = new ArrayDeque<>();
    private int queuedReplies;
    private int batching;
    private FluxSink<WebSocketFrame> sink;
    private ClientSessionImpl client;
    private volatile boolean open = true;

    WsLink(Channel channel, BayeuxContext ctx) {
        this.channel = channel;
        this.ctx = ctx;
    }

    /** The frames to write; subscribed once by the WebSocket outbound. */
    Flux<WebSocketFrame> frames() {
        return Flux.create(s -> {
            synchronized (this) {
                sink = s;
            }
            s.onRequest(n -> drain());
            s.onDispose(this::close);
        });
    }

    boolean isOpen() {
        return open && channel.isActive();
    }

    /** The client whose queued messages this link writes (the latest one to use it). */
    void attach(ClientSessionImpl c) {
        synchronized (this) {
            client = c;
        }
        drain();
    }

    /** Queues replies (or deliveries plus a connect reply) and writes what the socket can take. */
    void send(List<Encoded> messages) {
        boolean overflow;
        synchronized (this) {
            if (!open) {
                return;
            }
            replies.addLast(messages);
            queuedReplies += messages.size();
            overflow = queuedReplies > ctx.options.maxQueueMessages();
        }
        if (overflow) {
            ctx.metrics.overflow();
            channel.close();
            return;
        }
        drain();
    }

    synchronized void beginBatch() {
        batching++;
    }

    void endBatch() {
        synchronized (this) {
            batching--;
        }
        drain();
    }

    /** Writes while there is demand and the channel is writable: replies first, then the client's messages. */
    void drain() {
        synchronized (this) {
            if (!open || sink == null || batching > 0) {
                return;
            }
            int max = ctx.options.maxBatchMessages();
            while (sink.requestedFromDownstream() > 0 && channel.isWritable()) {
                List<Encoded> frame = new ArrayList<>();
                while (!replies.isEmpty() && frame.size() < max) {
                    List<Encoded> next = replies.pollFirst();
                    queuedReplies -= next.size();
                    frame.addAll(next);
                }
                if (frame.isEmpty() && client != null) {
                    frame = client.pollForLink(this, max, ctx.options.maxLargeMessageBytes());
                }
                if (frame.isEmpty()) {
                    return;
                }
                for (Encoded e : frame) {
                    ctx.metrics.out(e.family());
                }
                sink.next(new TextWebSocketFrame(Unpooled.wrappedBuffer(JsonCodec.array(frame))));
            }
        }
    }

    /** The socket is gone: drop unsent replies, complete the frame publisher, unbind the client. */
    void close() {
        FluxSink<WebSocketFrame> s;
        ClientSessionImpl c;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            replies.clear();
            queuedReplies = 0;
            s = sink;
            c = client;
        }
        if (s != null) {
            s.complete();
        }
        if (c != null) {
            c.linkClosed(this);
        }
    }
}
