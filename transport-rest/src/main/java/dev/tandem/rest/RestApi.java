package dev.tandem.rest;

import dev.tandem.core.SessionEngine;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.rest.internal.RestRouter;
import java.util.Objects;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The Realtime REST API ({@code <context>/rest/live/**}) and the History REST API
 * ({@code <context>/rest/history/**}) of Genesys Co-browse 8.1, with Tandem's chat transcripts
 * ({@code <context>/rest/history/chats/{chatId}}), and the CSS proxy of the {@code css.server} strategy
 * ({@code <context>/rest/css}), mountable on any Reactor Netty {@link HttpServerRoutes}.
 *
 * <pre>{@code
 * RestApi api = RestApi.builder().engine(engine).historyStore(store).nodeName("node-1").build();
 * HttpServer.create().route(routes -> api.mount(routes)).bindNow();
 * }</pre>
 */
public final class RestApi {
    private final RestOptions options;
    private final RestRouter router;

    private RestApi(RestOptions options, CssProxyOptions cssProxy, SessionEngine engine, HistoryStore historyStore,
                    TranscriptStore transcriptStore) {
        this.options = options;
        this.router = new RestRouter(options, cssProxy, engine, historyStore, transcriptStore);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RestOptions options() {
        return options;
    }

    /** Registers the REST routes (everything under {@code <contextPath>/rest/}) on {@code routes}. */
    public HttpServerRoutes mount(HttpServerRoutes routes) {
        String prefix = options.contextPath() + "/rest/";
        return routes.route(req -> req.uri().startsWith(prefix), this::handle);
    }

    /** Handles one request under {@code <contextPath>/rest/}; for embedding in a custom router. */
    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return router.handle(request, response);
    }

    /** Builds a {@link RestApi}. */
    public static final class Builder {
        private RestOptions options = RestOptions.DEFAULT;
        private CssProxyOptions cssProxy = CssProxyOptions.DEFAULT;
        private SessionEngine engine;
        private HistoryStore historyStore;
        private TranscriptStore transcriptStore;

        private Builder() {
        }

        public Builder options(RestOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The CSS proxy's options (default {@link CssProxyOptions#DEFAULT}). */
        public Builder cssProxy(CssProxyOptions cssProxy) {
            this.cssProxy = Objects.requireNonNull(cssProxy, "cssProxy");
            return this;
        }

        public Builder engine(SessionEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        public Builder historyStore(HistoryStore historyStore) {
            this.historyStore = Objects.requireNonNull(historyStore, "historyStore");
            return this;
        }

        /**
         * Where chat transcripts are read. Default: the history store, when it keeps transcripts too (both stores
         * Tandem ships do); otherwise none, and the transcript resource answers 404.
         */
        public Builder transcriptStore(TranscriptStore transcriptStore) {
            this.transcriptStore = Objects.requireNonNull(transcriptStore, "transcriptStore");
            return this;
        }

        public RestApi build() {
            Objects.requireNonNull(engine, "engine must be set");
            Objects.requireNonNull(historyStore, "historyStore must be set");
            TranscriptStore transcripts = transcriptStore != null ? transcriptStore
                    : historyStore instanceof TranscriptStore t ? t : null;
            return new RestApi(options, cssProxy, engine, historyStore, transcripts);
        }
    }
}
