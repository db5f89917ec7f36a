package dev.tandem.server.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Cross-origin access for the instrumented websites: long-polling and REST get CORS headers for allowed
 * origins (with credentials, so the BAYEUX_BROWSER and gcbSessionServer cookies travel), preflights are
 * answered, and requests — WebSocket upgrades included — from other origins are refused with 403.
 * {@code ["*"]} allows every origin.
 */
public final class Cors {
    private final boolean anyOrigin;
    private final Set<String> origins;

    public Cors(List<String> allowedOrigins) {
        this.anyOrigin = allowedOrigins.contains("*");
        this.origins = Set.copyOf(allowedOrigins.stream().map(Cors::normalise).toList());
    }

    public boolean allowsAnyOrigin() {
        return anyOrigin;
    }

    public boolean allows(String origin) {
        return anyOrigin || origins.contains(normalise(origin));
    }

    /** Wraps {@code handler} with the origin check and CORS headers. */
    public BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> wrap(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> {
            String origin = request.requestHeaders().get(HttpHeaderNames.ORIGIN);
            if (origin == null) {
                return handler.apply(request, response);
            }
            if (!allows(origin)) {
                return response.status(HttpResponseStatus.FORBIDDEN)
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                        .sendString(reactor.core.publisher.Mono.just(
                                "{\"status\":403,\"error\":\"Origin not allowed; add it to tandem.cors.allowed-origins\"}"));
            }
            response.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                    .header(HttpHeaderNames.VARY, "Origin");
            if (request.method().equals(HttpMethod.OPTIONS)
                    && request.requestHeaders().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
                String requested = request.requestHeaders().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
                return response.status(HttpResponseStatus.NO_CONTENT)
                        .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS")
                        .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested == null ? "Content-Type" : requested)
                        .header(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600")
                        .send();
            }
            return handler.apply(request, response);
        };
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
