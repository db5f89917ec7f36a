package dev.tandem.bench.load.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Long-polling: every request is one POST of a JSON array, every response body one batch. The held
 * /meta/connect travels on its own pooled connection; other messages go one request at a time, in
 * order, and those queued meanwhile leave together as one batch — as a browser's CometD client does.
 * Each peer keeps its own cookies, as one browser per user would, so servers that track browsers
 * (CometD's {@code BAYEUX_BROWSER}) see one client per browser.
 */
final class LpLink implements Link {
    private static final int MAX_QUEUED = 64;

    private final HttpClient client;
    private final URI uri;
    private final Metrics metrics;
    private final ScheduledExecutorService executor;
    private final Map<String, String> cookies = new ConcurrentHashMap<>();
    private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean busy = new AtomicBoolean();
    private Handler handler;

    LpLink(Io io, HttpClient client, URI uri, Metrics metrics) {
        this.client = client;
        this.uri = uri;
        this.metrics = metrics;
        this.executor = io.group.next();
    }

    @Override
    public void handler(Handler handler) {
        this.handler = handler;
    }

    @Override
    public Mono<Void> open() {
        return Mono.empty();
    }

    @Override
    public void send(byte[] payload, boolean connect) {
        if (connect) {
            post(payload, true, () -> { });
        } else {
            queued.incrementAndGet();
            queue.add(payload);
            drain();
        }
    }

    private void drain() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        List<byte[]> batch = new ArrayList<>();
        for (byte[] next; (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            busy.set(false);
            if (!queue.isEmpty()) {
                drain();
            }
            return;
        }
        queued.addAndGet(-batch.size());
        post(merge(batch), false, () -> {
            busy.set(false);
            drain();
        });
    }

    /** Joins JSON arrays {@code [a][b]} into {@code [a,b]}. */
    static byte[] merge(List<byte[]> arrays) {
        if (arrays.size() == 1) {
            return arrays.get(0);
        }
        int length = 1;
        for (byte[] a : arrays) {
            length += a.length - 1;
        }
        byte[] out = new byte[length];
        out[0] = '[';
        int at = 1;
        for (int i = 0; i < arrays.size(); i++) {
            byte[] a = arrays.get(i);
            System.arraycopy(a, 1, out, at, a.length - 2);
            at += a.length - 2;
            out[at++] = (byte) (i == arrays.size() - 1 ? ']' : ',');
        }
        return out;
    }

    private void post(byte[] payload, boolean connect, Runnable done) {
        metrics.bytesOut.add(payload.length);
        String cookieHeader = cookieHeader();
        client
                .headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8");
                    if (cookieHeader != null) {
                        h.set(HttpHeaderNames.COOKIE, cookieHeader);
                    }
                })
                .post()
                .uri(uri)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(payload)))
                .responseSingle((response, body) -> {
                    keepCookies(response);
                    if (response.status().code() != 200) {
                        return body.asString().defaultIfEmpty("").flatMap(text -> Mono.error(
                                new IllegalStateException("HTTP " + response.status().code() + " " + abbreviate(text))));
                    }
                    return body.asByteArray();
                })
                .doFinally(signal -> done.run())
                .subscribe(bytes -> {
                    metrics.bytesIn.add(bytes.length);
                    handler.onPayload(bytes);
                }, error -> handler.onFailure(error, connect));
    }

    private String cookieHeader() {
        if (cookies.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        cookies.forEach((name, value) -> {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(name).append('=').append(value);
        });
        return sb.toString();
    }

    private void keepCookies(HttpClientResponse response) {
        for (Map.Entry<CharSequence, Set<Cookie>> entry : response.cookies().entrySet()) {
            for (Cookie cookie : entry.getValue()) {
                cookies.put(cookie.name(), cookie.value());
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    @Override
    public boolean writable() {
        return queued.get() < MAX_QUEUED;
    }

    @Override
    public ScheduledExecutorService executor() {
        return executor;
    }

    @Override
    public String connectionType() {
        return "long-polling";
    }

    @Override
    public Mono<Void> close() {
        return Mono.empty();
    }
}
