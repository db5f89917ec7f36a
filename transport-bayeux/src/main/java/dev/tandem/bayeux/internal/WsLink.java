package dev.tandem.bayeux.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;

/**
 * One WebSocket, both ways, in one object per connection (an idle connection costs its Netty channel and
 * little more).
 *
 * <p><b>Outbound.</b> Replies queue here; messages for the bound client stay in the client's bounded queue and
 * are pulled only while the channel is writable, so a slow socket backs up into the client's queue (and
 * overflows there), never into memory without bound. Frames are written on the channel's event loop, straight
 * into pooled buffers: a call from another thread schedules one drain task (however many messages arrive
 * before it runs), and each drain ends with one flush. While an inbound frame is being processed
 * ({@link #beginBatch()}…{@link #endBatch()}) output is held, so the replies to one frame leave as one frame.
 * What one inbound message makes <em>other</em> links on the same event loop send (a join's {@code joined},
 * {@code activated} and snapshot request to the master, a batch to the agents) is written when that message's
 * synchronous handling ends ({@link #beginInbound()}…{@link #endInbound()}), once per link, so that the
 * notifications of one step leave as one frame and one write (on one event loop each was a write of its own).
 * Guarded by {@code this}; calls into the client take the client's lock after this one, never the other way.
 *
 * <p><b>Inbound.</b> The link subscribes to the connection's frames itself and processes one message at a
 * time, in order ({@link Processor}); while one is in flight the next frames wait in a small queue, and past
 * {@link #MAX_PENDING_FRAMES} the channel stops reading (TCP pushes back on the client).
 *
 * <p><b>Idle.</b> As the pipeline handler {@code tandem.bayeux.link}, it sees every read (pings included) and
 * closes the channel after {@code webSocketIdleTimeout} without one; it resumes writing when the channel
 * becomes writable again.
 */
final class WsLink extends ChannelInboundHandlerAdapter implements CoreSubscriber<Object>, Runnable {
    /** Frames that may wait while one is processed before the channel stops reading. */
    static final int MAX_PENDING_FRAMES = 16;
    private static final Logger LOG = LoggerFactory.getLogger(WsLink.class);

    /**
     * Processes one inbound WebSocket message; the returned publisher completes when it is handled. {@code json} is
     * readable only during the call (it may be the frame's own buffer, released after it): what is kept for later
     * must be copied. It is empty for a binary frame.
     */
    @FunctionalInterface
    interface Processor {
        org.reactivestreams.Publisher<Void> onMessage(WsLink link, ByteBuf json, boolean binary);
    }

    private static final AtomicIntegerFieldUpdater<WsLink> DRAIN_SCHEDULED =
            AtomicIntegerFieldUpdater.newUpdater(WsLink.class, "drainScheduled");
    private static final ByteBuf EMPTY = Unpooled.EMPTY_BUFFER;
    /** Per event loop: whether an inbound message is being handled, and the links whose drain waits for its end. */
    private static final FastThreadLocal<Inbound> INBOUND = new FastThreadLocal<>() {
        @Override
        protected Inbound initialValue() {
            return new Inbound();
        }
    };

    private static final class Inbound {
        int depth;
        final List<WsLink> waiting = new ArrayList<>(4);
    }

    private final Channel channel;
    private final BayeuxContext ctx;
    private final Processor processor;
    private final String browserId;
    /** Lazily made: most links never queue a reply (replies usually leave at once). */
    private ArrayDeque<List<Encoded>> replies;
    private int queuedReplies;
    private int batching;
    private boolean draining;
    private boolean drainAgain;
    private ClientSessionImpl client;
    private volatile boolean open = true;
    private volatile int drainScheduled;

    // Inbound state: event loop only.
    private Subscription frames;
    private ArrayDeque<Object> pendingFrames;
    private boolean busy;
    private boolean readingPaused;
    private InboundContext inboundContext;
    // Idle state: event loop only.
    private long lastRead;
    private long idleTimeoutNanos;
    private io.netty.util.concurrent.ScheduledFuture<?> idleTimer;

    WsLink(Channel channel, BayeuxContext ctx, Processor processor, String browserId) {
        this.channel = channel;
        this.ctx = ctx;
        this.processor = processor;
        this.browserId = browserId;
    }

    /** Where this link's batches come from, made on first use (for the dispatcher). */
    InboundContext inboundContext() {
        InboundContext ic = inboundContext;
        if (ic == null) {
            ic = new InboundContext(ConnectionType.WEBSOCKET, this, browserId);
            inboundContext = ic;
        }
        return ic;
    }

    Channel channel() {
        return channel;
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
            if (replies == null) {
                replies = new ArrayDeque<>(4);
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

    /**
     * The calling event loop starts handling one inbound message: drains of links on it wait for
     * {@link #endInbound()}. Calls nest; call on an event loop only.
     */
    static void beginInbound() {
        INBOUND.get().depth++;
    }

    /** The inbound message's synchronous handling ended: the links that were given messages meanwhile write them. */
    static void endInbound() {
        Inbound inbound = INBOUND.get();
        if (--inbound.depth > 0 || inbound.waiting.isEmpty()) {
            return;
        }
        List<WsLink> waiting = inbound.waiting;
        // depth is 0: a drain these writes cause runs at once instead of joining the list
        for (int i = 0; i < waiting.size(); i++) {
            try {
                waiting.get(i).drainNow();
            } catch (RuntimeException e) {
                LOG.warn("A deferred drain failed", e);
            }
        }
        waiting.clear();
    }

    /**
     * Writes what waits, on the event loop: at once when called there (at the end of the inbound message being
     * handled there, if one is), else through one scheduled task however many calls come before it runs.
     */
    void drain() {
        if (channel.eventLoop().inEventLoop()) {
            Inbound inbound = INBOUND.get();
            if (inbound.depth == 0) {
                drainNow();
            } else if (!inbound.waiting.contains(this)) {
                inbound.waiting.add(this);
            }
        } else if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
            try {
                channel.eventLoop().execute(this);
            } catch (RejectedExecutionException e) {
                drainScheduled = 0; // shutting down: nothing will be written any more
            }
        }
    }

    /** The scheduled drain. */
    @Override
    public void run() {
        drainScheduled = 0;
        drainNow();
    }

    /** On the event loop: writes while the channel is writable (replies first, then the client's messages), then flushes once. */
    private void drainNow() {
        synchronized (this) {
            if (draining) {
                // A write made the channel fire an event that drains again: the running loop picks it up.
                drainAgain = true;
                return;
            }
            if (!open || batching > 0) {
                return;
            }
            draining = true;
        }
        boolean wrote = false;
        try {
            while (true) {
                List<Encoded> frame = nextFrame();
                if (frame == null) {
                    break;
                }
                for (Encoded e : frame) {
                    ctx.metrics.out(e.family());
                }
                // No promise per frame: nothing waits on a write (a failed one reaches the pipeline's exceptionCaught,
                // and the channel closes), and a void promise also spares the frame encoder a promise combiner.
                channel.write(new TextWebSocketFrame(JsonCodec.array(frame, channel.alloc())), channel.voidPromise());
                wrote = true;
            }
        } finally {
            synchronized (this) {
                draining = false;
            }
            if (wrote) {
                channel.flush();
            }
        }
    }

    /** The next frame's messages, or null when nothing waits, the channel is not writable or the link is closed. */
    private List<Encoded> nextFrame() {
        ClientSessionImpl c;
        int max = ctx.options.maxBatchMessages();
        synchronized (this) {
            drainAgain = false;
            if (!open || batching > 0 || !channel.isWritable()) {
                return null;
            }
            if (replies != null && !replies.isEmpty()) {
                List<Encoded> first = replies.pollFirst();
                queuedReplies -= first.size();
                if (replies.isEmpty() || first.size() + replies.peekFirst().size() > max) {
                    return first;
                }
                List<Encoded> frame = new ArrayList<>(first);
                while (!replies.isEmpty() && frame.size() + replies.peekFirst().size() <= max) {
                    List<Encoded> next = replies.pollFirst();
                    queuedReplies -= next.size();
                    frame.addAll(next);
                }
                return frame;
            }
            c = client;
        }
        if (c == null) {
            return null;
        }
        List<Encoded> frame = c.pollForLink(this, max, ctx.options.maxLargeMessageBytes());
        return frame.isEmpty() ? null : frame;
    }

    /** The socket is gone: drop unsent replies and queued frames, unbind the client. */
    void close() {
        ClientSessionImpl c;
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            replies = null;
            queuedReplies = 0;
            c = client;
        }
        if (c != null) {
            c.linkClosed(this);
        }
        if (channel.eventLoop().inEventLoop()) {
            releaseInbound();
        } else {
            try {
                channel.eventLoop().execute(this::releaseInbound);
            } catch (RejectedExecutionException e) {
                // The event loop is shutting down, and the channel with it.
            }
        }
    }

    private void releaseInbound() {
        io.netty.util.concurrent.ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel(false);
        }
        Subscription s = frames;
        if (s != null) {
            frames = null;
            s.cancel();
        }
        if (pendingFrames != null) {
            pendingFrames.clear();
            pendingFrames = null;
        }
    }

    // ---- pipeline handler: every read, writability, idle, close ----

    /** Starts the idle timer; called on the event loop once the handler is in the pipeline. */
    void startIdleTimer(long timeoutMillis) {
        idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lastRead = nanoTime();
        idleTimer = channel.eventLoop().schedule(this::checkIdle, idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The event loop's clock (a test's embedded loop may move it by hand). */
    private long nanoTime() {
        return channel.eventLoop() instanceof AbstractScheduledEventExecutor loop ? loop.ticker().nanoTime() : System.nanoTime();
    }

    private void checkIdle() {
        if (!open) {
            return;
        }
        long idle = nanoTime() - lastRead;
        if (idle >= idleTimeoutNanos) {
            idleTimer = null;
            channel.close();
        } else {
            idleTimer = channel.eventLoop().schedule(this::checkIdle, idleTimeoutNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
        lastRead = nanoTime();
        c.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) {
        if (c.channel().isWritable()) {
            drain();
        }
        c.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
        close();
        c.fireChannelInactive();
    }

    // ---- subscriber of the connection's frames: one message at a time, in order ----

    @Override
    public void onSubscribe(Subscription s) {
        frames = s;
        s.request(Long.MAX_VALUE);
    }

    /** On the event loop, for every frame Reactor Netty passes on (pings and closes it answers itself). */
    @Override
    public void onNext(Object frame) {
        Object payload = payload(frame);
        if (payload == null) {
            return;
        }
        if (busy || (pendingFrames != null && !pendingFrames.isEmpty())) {
            if (pendingFrames == null) {
                pendingFrames = new ArrayDeque<>(4);
            }
            // Reactor Netty releases the frame when this returns: a waiting message keeps a heap copy.
            pendingFrames.addLast(payload instanceof ByteBuf b ? Unpooled.copiedBuffer(b) : payload);
            if (pendingFrames.size() >= MAX_PENDING_FRAMES && channel.config().isAutoRead()) {
                readingPaused = true;
                channel.config().setAutoRead(false);
            }
            return;
        }
        process(payload);
    }

    /**
     * A text frame's bytes (the frame's own buffer, not copied: a message processed at once is decoded in place,
     * before the frame is released), BINARY for a binary frame, or null.
     */
    private static Object payload(Object frame) {
        if (frame instanceof TextWebSocketFrame t) {
            return t.content();
        }
        if (frame instanceof BinaryWebSocketFrame) {
            return Binary.INSTANCE;
        }
        return null;
    }

    /** Marks a binary frame (refused without looking at it). */
    private enum Binary { INSTANCE }

    private void process(Object payload) {
        if (!open) {
            return;
        }
        busy = true;
        Completion done = new Completion(this);
        boolean binary = payload == Binary.INSTANCE;
        processor.onMessage(this, binary ? EMPTY : (ByteBuf) payload, binary).subscribe(done);
        if (done.goAsync()) {
            return;
        }
        busy = false;
    }

    /** The message in flight is handled: process the next ones that wait; on the event loop. */
    private void resume() {
        busy = false;
        while (!busy && pendingFrames != null && !pendingFrames.isEmpty()) {
            process(pendingFrames.pollFirst());
        }
        if (!busy && readingPaused) {
            readingPaused = false;
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void onError(Throwable t) {
        frames = null;
        fail(t);
    }

    /** Closes the WebSocket after a failure: 1009 for an oversized or undecodable message, 1011 otherwise. */
    void fail(Throwable e) {
        boolean tooBig = e instanceof TooLongFrameException || e instanceof CorruptedFrameException
                || e instanceof DecompressionException;
        if (tooBig) {
            LOG.debug("Closing a WebSocket: {}", e.toString());
        } else {
            LOG.debug("WebSocket failed", e);
        }
        if (channel.isActive()) {
            channel.writeAndFlush(tooBig ? new CloseWebSocketFrame(1009, "Message too big")
                    : new CloseWebSocketFrame(1011, "Server error")).addListener(ChannelFutureListener.CLOSE);
        }
        close();
    }

    @Override
    public void onComplete() {
        frames = null;
        close();
    }

    /**
     * Completion of one inbound message. Done during {@code subscribe} (the usual case) the link goes on at
     * once; done later, on any thread, it goes on on the event loop.
     */
    private static final class Completion implements CoreSubscriber<Void>, Runnable {
        private static final AtomicIntegerFieldUpdater<Completion> STATE =
                AtomicIntegerFieldUpdater.newUpdater(Completion.class, "state");
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int ASYNC = 2;
        private final WsLink link;
        private volatile int state;

        Completion(WsLink link) {
            this.link = link;
        }

        /** After subscribe: true when the message is still in flight (the link waits for {@link #run}). */
        boolean goAsync() {
            return STATE.compareAndSet(this, RUNNING, ASYNC);
        }

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(Void v) {
        }

        @Override
        public void onError(Throwable t) {
            link.fail(t);
            finish();
        }

        @Override
        public void onComplete() {
            finish();
        }

        private void finish() {
            if (!STATE.compareAndSet(this, RUNNING, DONE)) {
                link.channel.eventLoop().execute(this);
            }
        }

        @Override
        public void run() {
            link.resume();
        }
    }
}
