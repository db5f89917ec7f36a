package dev.tandem.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bench.BenchException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal non-blocking Bayeux 1.0 client: handshake, the /meta/connect loop that follows the
 * server's advice (interval, timeout, reconnect = retry | handshake | none), replies correlated by
 * {@code id} and channel, batches, disconnect. A reply to a {@code /service} call counts only when it
 * carries {@code data} (or fails): a bare publish acknowledgement is skipped, as CometD's
 * {@code remoteCall()} does.
 */
final class BayeuxPeer implements Peer, Link.Handler {
    private enum State { NEW, HANDSHAKING, CONNECTED, CLOSING, CLOSED }

    private record Pending(String channel, boolean wantsData, MonoSink<Inbound> sink) {
    }

    private final Link link;
    private final Metrics metrics;
    private final Listener listener;
    private final Duration requestTimeout;
    private final String filler;
    private final String streamChannel;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private volatile State state = State.NEW;
    private volatile String clientId;
    private volatile String userToken;
    private volatile long interval;
    private volatile String reconnect = "retry";
    private volatile Runnable onRehandshake = () -> { };
    private volatile int failures;

    BayeuxPeer(Link link, Metrics metrics, Listener listener, Duration requestTimeout, String filler,
               String streamChannel) {
        this.link = link;
        this.metrics = metrics;
        this.listener = listener;
        this.requestTimeout = requestTimeout;
        this.filler = filler;
        this.streamChannel = streamChannel;
        link.handler(this);
    }

    void userToken(String token) {
        this.userToken = token;
    }

    String userToken() {
        return userToken;
    }

    /** Runs after the server made this peer handshake again (its session membership is gone). */
    void onRehandshake(Runnable action) {
        this.onRehandshake = action;
    }

    @Override
    public Mono<Void> open() {
        return link.open().then(handshake()).then();
    }

    private Mono<Inbound> handshake() {
        state = State.HANDSHAKING;
        String id = nextId();
        return request(id, Wire.HANDSHAKE, false, Wire.handshake(id, link.connectionType())).flatMap(reply -> {
            if (!reply.succeeded() || reply.clientId() == null) {
                return Mono.error(new BenchException("Handshake refused: " + reply.error()));
            }
            clientId = reply.clientId();
            advice(reply.advice());
            state = State.CONNECTED;
            sendConnect(true);
            return Mono.just(reply);
        });
    }

    /** Calls a {@code /service} channel and returns the reply's data. */
    Mono<ObjectNode> call(String channel, JsonNode data) {
        return Mono.defer(() -> {
            if (state != State.CONNECTED) {
                return Mono.error(new BenchException("Cannot call " + channel + ": this peer is " + state
                        + " (its connection or handshake failed)"));
            }
            String id = nextId();
            return request(id, channel, true, Wire.publish(clientId, id, channel, data));
        }).flatMap(reply -> {
            if (reply.failed()) {
                return Mono.error(new BenchException(channel + " failed: " + reply.error()
                        + (reply.data() != null ? " " + reply.data() : "")));
            }
            return Mono.just(reply.data() != null ? reply.data() : Wire.MAPPER.createObjectNode());
        });
    }

    @Override
    public boolean sendStream(long seq, long intendedNanos, boolean snapshot) {
        String token = userToken;
        if (state != State.CONNECTED || token == null) {
            return false;
        }
        link.send(Wire.stream(streamChannel, clientId, nextId(), token, seq, intendedNanos, filler, snapshot), false);
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
        if (state != State.CONNECTED) {
            state = State.CLOSED;
            return link.close();
        }
        state = State.CLOSING;
        String id = nextId();
        return request(id, Wire.DISCONNECT, false, Wire.disconnect(clientId, id))
                .timeout(Duration.ofSeconds(5))
                .onErrorResume(e -> Mono.empty())
                .then(Mono.defer(link::close))
                .doFinally(s -> state = State.CLOSED);
    }

    private Mono<Inbound> request(String id, String channel, boolean wantsData, byte[] payload) {
        return Mono.<Inbound>create(sink -> {
            pending.put(id, new Pending(channel, wantsData, sink));
            sink.onDispose(() -> pending.remove(id));
            link.send(payload, false);
        }).timeout(requestTimeout, Mono.error(() -> new BenchException(
                "No reply on " + channel + " within " + requestTimeout.toMillis() + " ms")));
    }

    private void sendConnect(boolean first) {
        if (state == State.CONNECTED) {
            link.send(Wire.connect(clientId, nextId(), link.connectionType(), first), true);
        }
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    private void advice(JsonNode advice) {
        if (advice == null) {
            return;
        }
        if (advice.has("interval")) {
            interval = Math.max(0, advice.get("interval").asLong());
        }
        if (advice.has("reconnect")) {
            reconnect = advice.get("reconnect").asText();
        }
    }

    @Override
    public void onPayload(byte[] payload) {
        List<Inbound> messages;
        try {
            messages = Wire.decode(payload, 0, payload.length);
        } catch (IOException | RuntimeException e) {
            metrics.error("decode", e.getMessage());
            return;
        }
        long now = System.nanoTime();
        for (Inbound message : messages) {
            String channel = message.channel();
            if (channel == null) {
                metrics.error("protocol", "message without channel");
            } else if (Wire.CONNECT.equals(channel)) {
                onConnectReply(message);
            } else if (channel.startsWith("/meta/")) {
                complete(message);
            } else if (!complete(message)) {
                // A server-to-client delivery never carries "successful": anything that does is the reply to
                // one of this peer's publishes (a stream batch), with or without data.
                if (message.successful() == null) {
                    listener.onDelivery(message, now);
                } else if (message.failed()) {
                    metrics.error("publish", channel + ": " + message.error());
                }
            }
        }
    }

    private boolean complete(Inbound message) {
        String id = message.id();
        Pending p = id == null ? null : pending.get(id);
        if (p == null || !p.channel().equals(message.channel())) {
            return false;
        }
        if (p.wantsData() && message.data() == null && !message.failed()) {
            return true; // the publish acknowledgement; the reply with data follows
        }
        pending.remove(id);
        p.sink().success(message);
        return true;
    }

    private void onConnectReply(Inbound reply) {
        advice(reply.advice());
        if (state != State.CONNECTED) {
            return;
        }
        if (reply.succeeded()) {
            failures = 0;
            schedule(interval, () -> sendConnect(false));
        } else {
            metrics.error("connect", String.valueOf(reply.error()));
            recover();
        }
    }

    private void recover() {
        switch (reconnect) {
            case "none" -> state = State.CLOSED;
            case "handshake" -> rehandshake();
            default -> schedule(backoff(), () -> sendConnect(false));
        }
    }

    private void rehandshake() {
        metrics.reconnects.increment();
        userToken = null;
        handshake().subscribe(ok -> onRehandshake.run(), error -> {
            metrics.error("handshake", error.getMessage());
            schedule(backoff(), this::rehandshake);
        });
    }

    private long backoff() {
        int n = Math.min(++failures, 6);
        return Math.max(interval, 250L << (n - 1));
    }

    private void schedule(long delayMillis, Runnable task) {
        if (delayMillis <= 0) {
            link.executor().execute(task);
        } else {
            link.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onFailure(Throwable error, boolean connect) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        metrics.error(connect ? "connect-io" : "io", String.valueOf(error.getMessage()));
        if (connect && state == State.CONNECTED) {
            metrics.reconnects.increment();
            schedule(backoff(), () -> sendConnect(false));
        }
    }

    @Override
    public void onClosed() {
        if (state != State.CONNECTED) {
            return;
        }
        metrics.reconnects.increment();
        metrics.error("closed", "connection closed by the server");
        state = State.HANDSHAKING;
        link.open().subscribe(null, e -> {
            metrics.error("reopen", e.getMessage());
            state = State.CLOSED;
        }, () -> {
            state = State.CONNECTED;
            sendConnect(false); // the server answers reconnect=handshake if it forgot this client
        });
    }
}
