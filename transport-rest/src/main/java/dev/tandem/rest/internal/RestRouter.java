package dev.tandem.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.rest.CssProxyOptions;
import dev.tandem.rest.RestOptions;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Set;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Dispatches {@code <context>/rest/**} requests: matches the path, checks the method (405 with
 * {@code Allow} otherwise) and hands the request to its resource. Unknown paths get a JSON 404.
 */
public final class RestRouter {
    private static final Logger LOG = LoggerFactory.getLogger(RestRouter.class);
    static final int MAX_BODY_BYTES = 16 * 1024;

    private final String livePrefix;
    private final String historyPrefix;
    private final LiveResource live;
    private final HistoryResource history;
    private final TranscriptResource transcripts;
    private final CssProxy css;
    private final String cssPath;

    public RestRouter(RestOptions options, CssProxyOptions cssOptions, SessionEngine engine, HistoryStore historyStore) {
        this(options, cssOptions, engine, historyStore, null);
    }

    /** @param transcriptStore where chat transcripts are read; null when the server keeps none */
    public RestRouter(RestOptions options, CssProxyOptions cssOptions, SessionEngine engine, HistoryStore historyStore,
                      TranscriptStore transcriptStore) {
        this.livePrefix = options.contextPath() + "/rest/live/";
        this.historyPrefix = options.contextPath() + "/rest/history/";
        this.live = new LiveResource(options, engine);
        this.history = new HistoryResource(historyStore);
        this.transcripts = new TranscriptResource(transcriptStore);
        this.css = new CssProxy(cssOptions, engine);
        this.cssPath = options.contextPath() + "/rest/css";
    }

    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = pathOf(request.uri());
        Route route = match(path);
        if (route == null) {
            return send(response, HttpResponseStatus.NOT_FOUND,
                    Json.error(404, "No REST resource at " + abbreviate(path) + "; see docs/rest.md for the resources"));
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS)) {
            response.header(HttpHeaderNames.ALLOW, String.join(", ", route.methods()) + ", OPTIONS");
            return response.status(HttpResponseStatus.NO_CONTENT).send();
        }
        if (!route.methods().contains(method.name())) {
            response.header(HttpHeaderNames.ALLOW, String.join(", ", route.methods()) + ", OPTIONS");
            return send(response, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    Json.error(405, method.name() + " is not allowed on " + abbreviate(path) + "; use " + String.join(" or ", route.methods())));
        }
        Mono<Reply> reply = switch (route.kind()) {
            case CREATE -> Body.read(request, MAX_BODY_BYTES).flatMap(body -> live.create());
            case GET_SESSION -> live.get(route.argument());
            case STOP -> live.stop(route.argument());
            case HISTORY -> history.get(route.argument());
            case TRANSCRIPT -> transcripts.get(route.argument());
            case CSS -> {
                QueryStringDecoder query = new QueryStringDecoder(request.uri());
                yield css.fetch(first(query, "url"), first(query, "userToken"));
            }
        };
        return reply
                .onErrorResume(error -> {
                    HttpError e = error instanceof HttpErrorException h ? h.error() : HttpError.of(error);
                    if (e.status().code() >= 500) {
                        LOG.warn("REST {} {} failed: {}", method, abbreviate(path), error.toString(), error);
                    }
                    return Mono.just(Reply.error(e));
                })
                .flatMap(r -> {
                    r.cookie().ifPresent(c -> response.header(HttpHeaderNames.SET_COOKIE, c));
                    if (r.raw() != null) {
                        return Mono.from(response.status(r.status())
                                .header(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                                .header(HttpHeaderNames.CACHE_CONTROL, "private, max-age=300")
                                .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                                .header("X-Content-Type-Options", "nosniff")
                                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(r.raw().length))
                                .sendObject(Unpooled.wrappedBuffer(r.raw())));
                    }
                    return Mono.from(send(response, r.status(), r.body()));
                });
    }

    private static Publisher<Void> send(HttpServerResponse response, HttpResponseStatus status, JsonNode body) {
        byte[] bytes = Json.bytes(body);
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .sendObject(Unpooled.wrappedBuffer(bytes));
    }

    enum Kind { CREATE, GET_SESSION, STOP, HISTORY, TRANSCRIPT, CSS }

    record Route(Kind kind, Set<String> methods, String argument) {
    }

    /** Matches a path (no query) to a route, or null. */
    Route match(String path) {
        if (path.equals(cssPath)) {
            return new Route(Kind.CSS, Set.of("GET"), null);
        }
        if (path.startsWith(livePrefix)) {
            List<String> s = segments(path.substring(livePrefix.length()));
            if (s.size() == 1 && s.get(0).equals("sessions")) {
                return new Route(Kind.CREATE, Set.of("POST"), null);
            }
            if (s.size() == 2 && s.get(0).equals("sessions")) {
                return new Route(Kind.GET_SESSION, Set.of("GET"), s.get(1));
            }
            if (s.size() == 4 && s.get(0).equals("users") && s.get(2).equals("session") && s.get(3).equals("stop")) {
                return new Route(Kind.STOP, Set.of("GET"), s.get(1));
            }
        } else if (path.startsWith(historyPrefix)) {
            List<String> s = segments(path.substring(historyPrefix.length()));
            if (s.size() == 2 && s.get(0).equals("sessions")) {
                return new Route(Kind.HISTORY, Set.of("GET"), s.get(1));
            }
            if (s.size() == 2 && s.get(0).equals("chats")) {
                return new Route(Kind.TRANSCRIPT, Set.of("GET"), s.get(1));
            }
        }
        return null;
    }

    private static List<String> segments(String rest) {
        String trimmed = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return List.of(trimmed.split("/", -1));
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
