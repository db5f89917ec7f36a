package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The {@code long-polling} (POST, JSON array body) and {@code callback-polling} (GET with {@code jsonp} and
 * {@code message} parameters, JSONP reply) transports. A batch ending in {@code /meta/connect} is answered
 * when the connect is released. Bodies are bounded ({@code 413}) and must arrive within
 * {@code requestReadTimeout} ({@code 408}); unusable batches get {@code 400} with a plain-text reason.
 */
final class HttpTransport {
    private static final Pattern CALLBACK = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$.]{0,127}");
    private static final String JSON = "application/json;charset=UTF-8";

    private final BayeuxContext ctx;
    private final Dispatcher dispatcher;

    HttpTransport(BayeuxContext ctx, Dispatcher dispatcher) {
        this.ctx = ctx;
        this.dispatcher = dispatcher;
    }

    /** The value of the browser cookie the request carries, or null. */
    static String browserCookie(HttpServerRequest req, String name) {
        Set<Cookie> cookies = req.cookies().get(name);
        if (cookies == null || cookies.isEmpty()) {
            return null;
        }
        String value = cookies.iterator().next().value();
        return value == null || value.isEmpty() || value.length() > 64 ? null : value;
    }

    Mono<Void> post(HttpServerRequest req, HttpServerResponse res) {
        if (!ctx.options.transports().contains(ConnectionType.LONG_POLLING.wire())) {
            return reject(res, HttpResponseStatus.BAD_REQUEST, "long-polling is not offered by this server");
        }
        long declared = req.requestHeaders().getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
        if (declared > ctx.options.maxLargeMessageBytes()) {
            return reject(res, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
        }
        InboundContext ic = new InboundContext(ConnectionType.LONG_POLLING, null,
                browserCookie(req, ctx.options.browserCookieName()));
        return track(ctx.metrics.longPolls, Mono.defer(() -> readBody(req))
                .flatMap(bytes -> process(ic, bytes, res, null))
                .onErrorResume(BodyTooLarge.class, e -> reject(res, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge()))
                .onErrorResume(TimeoutException.class, e -> {
                    res.keepAlive(false);
                    return reject(res, HttpResponseStatus.REQUEST_TIMEOUT, "The request body did not arrive within "
                            + ctx.options.requestReadTimeout().toMillis() + " ms");
                }));
    }

    Mono<Void> jsonp(HttpServerRequest req, HttpServerResponse res) {
        if (!ctx.options.transports().contains(ConnectionType.CALLBACK_POLLING.wire())) {
            return reject(res, HttpResponseStatus.BAD_REQUEST, "callback-polling is not offered by this server");
        }
        QueryStringDecoder query = new QueryStringDecoder(req.uri());
        String callback = first(query, "jsonp");
        String message = first(query, "message");
        if (callback == null || !CALLBACK.matcher(callback).matches()) {
            return reject(res, HttpResponseStatus.BAD_REQUEST,
                    "callback-polling needs a 'jsonp' parameter naming a JavaScript function (letters, digits, _ $ .)");
        }
        if (message == null) {
            return reject(res, HttpResponseStatus.BAD_REQUEST, "callback-polling needs a 'message' parameter holding the JSON batch");
        }
        InboundContext ic = new InboundContext(ConnectionType.CALLBACK_POLLING, null,
                browserCookie(req, ctx.options.browserCookieName()));
        return track(ctx.metrics.callbackPolls, process(ic, message.getBytes(StandardCharsets.UTF_8), res, callback));
    }

    private Mono<Void> process(InboundContext ic, byte[] bytes, HttpServerResponse res, String callback) {
        return ctx.decode(bytes).flatMap(batch -> {
            if (batch.isFailed()) {
                ctx.metrics.badInput();
                HttpResponseStatus status = batch.error() == BayeuxError.MESSAGE_TOO_LARGE
                        ? HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE : HttpResponseStatus.BAD_REQUEST;
                return reject(res, status, batch.failure());
            }
            List<Encoded> all = new ArrayList<>(batch.messages().size() + 1);
            Mono<Void> done = dispatcher.process(ic, batch, all::addAll);
            return done == Mono.<Void>empty() ? respond(res, ic, all, callback)
                    : done.then(Mono.defer(() -> respond(res, ic, all, callback)));
        });
    }

    private Mono<Void> respond(HttpServerResponse res, InboundContext ic, List<Encoded> all, String callback) {
        for (Encoded e : all) {
            ctx.metrics.out(e.family());
        }
        if (ic.newBrowserId != null) {
            DefaultCookie cookie = new DefaultCookie(ctx.options.browserCookieName(), ic.newBrowserId);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            ctx.options.browserCookieDomain().ifPresent(cookie::setDomain);
            if (ctx.options.browserCookieSecure()) {
                cookie.setSecure(true);
                cookie.setSameSite(CookieHeaderNames.SameSite.None);
            }
            res.addCookie(cookie);
        }
        res.header(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        byte[] body = JsonCodec.array(all);
        if (callback != null) {
            byte[] head = (callback + "(").getBytes(StandardCharsets.US_ASCII);
            byte[] wrapped = new byte[head.length + body.length + 1];
            System.arraycopy(head, 0, wrapped, 0, head.length);
            System.arraycopy(body, 0, wrapped, head.length, body.length);
            wrapped[wrapped.length - 1] = ')';
            res.header(HttpHeaderNames.CONTENT_TYPE, "text/javascript;charset=UTF-8");
            return res.sendByteArray(Mono.just(wrapped)).then();
        }
        res.header(HttpHeaderNames.CONTENT_TYPE, JSON);
        return res.sendByteArray(Mono.just(body)).then();
    }

    /** The body, bounded; usually there already when the handler runs, then without a timer (see {@link LazyTimeout}). */
    private Mono<byte[]> readBody(HttpServerRequest req) {
        int max = ctx.options.maxLargeMessageBytes();
        Mono<byte[]> body = req.receive().asByteArray()
                .collect(ByteArrayOutputStream::new, (out, chunk) -> {
                    if (out.size() + chunk.length > max) {
                        throw new BodyTooLarge();
                    }
                    out.writeBytes(chunk);
                })
                .map(ByteArrayOutputStream::toByteArray);
        return LazyTimeout.of(body, ctx.options.requestReadTimeout().toMillis(), ctx.scheduler);
    }

    static Mono<Void> reject(HttpServerResponse res, HttpResponseStatus status, String message) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .sendString(Mono.just(message + "\n"))
                .then();
    }

    private String tooLarge() {
        return "The request body exceeds " + ctx.options.maxLargeMessageBytes() + " bytes";
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Mono<Void> track(AtomicInteger gauge, Mono<Void> work) {
        return Mono.defer(() -> {
            gauge.incrementAndGet();
            return work.doFinally(s -> gauge.decrementAndGet());
        });
    }

    /** The body grew past the limit. */
    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("body too large", null, false, false);
        }
    }
}
