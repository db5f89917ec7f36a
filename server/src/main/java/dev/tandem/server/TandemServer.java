package dev.tandem.server;

import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.chat.ChatServices;
import dev.tandem.bayeux.cobrowse.CobrowseServices;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.rest.RestApi;
import dev.tandem.rest.RestOptions;
import dev.tandem.server.internal.Cors;
import dev.tandem.server.internal.HistoryStores;
import dev.tandem.server.internal.Observability;
import dev.tandem.server.internal.StaticFiles;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The Tandem application: the session engine, the chat engine, the Bayeux endpoint, the REST APIs, the client scripts,
 * agent console and demo site, health and metrics, on one Reactor Netty {@link HttpServer}.
 *
 * <pre>{@code
 * RunningTandem running = TandemServer.create(TandemConfig.defaults()).start().block();
 * }</pre>
 */
public final class TandemServer {
    private static final Logger LOG = LoggerFactory.getLogger(TandemServer.class);
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob: http: https:; font-src 'self' data: http: https:; "
            + "connect-src 'self' ws: wss:; frame-src 'self' blob: about:; child-src 'self' blob:; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private final TandemConfig config;

    private TandemServer(TandemConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static TandemServer create(TandemConfig config) {
        return new TandemServer(config);
    }

    public TandemConfig config() {
        return config;
    }

    /** Starts the history store (the embedded Cassandra node, if so configured), then binds the server. */
    public Mono<RunningTandem> start() {
        return HistoryStores.open(config).flatMap(history -> Mono.fromCallable(() -> bind(history))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorResume(error -> history.close().then(Mono.error(error))));
    }

    private RunningTandem bind(HistoryStores.Opened history) {
        String context = config.contextPath();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HistoryStore store = history.store();
        SessionEngine engine = SessionEngine.builder()
                .options(config.sessionOptions())
                .historyStore(store)
                .build();
        BayeuxServer bayeux = BayeuxServer.builder()
                .options(bayeuxOptions())
                .meterRegistry(registry)
                .build();
        CobrowseServices.bind(bayeux, engine, config.pageRules());
        ChatEngine chat = ChatEngine.builder()
                .options(config.chatOptions())
                .transcriptStore(history.transcripts())
                .build();
        if (config.chatEnabled()) {
            ChatServices.bind(bayeux, chat);
        }
        Gauge.builder("tandem.chats.live", chat, ChatEngine::liveChats)
                .description("Live (not yet ended) chats on this node").register(registry);
        RestApi rest = RestApi.builder()
                .engine(engine)
                .historyStore(store)
                .transcriptStore(history.transcripts())
                .cssProxy(config.cssProxyOptions())
                .options(RestOptions.DEFAULT.toBuilder()
                        .contextPath(context)
                        .nodeName(config.nodeName())
                        .cookieDomain(config.cookieDomain())
                        .cookieSecure(config.cookieSecure())
                        .cookieMaxAge(config.cookieMaxAge())
                        .build())
                .build();
        Observability observability = new Observability(registry, engine, history, context);
        Cors cors = new Cors(config.allowedOrigins());
        StaticFiles scripts = new StaticFiles(context + "/js/", "tandem-web/js/", Map.of());
        StaticFiles console = new StaticFiles(context + "/agent/", "tandem-web/agent/",
                Map.of("Content-Security-Policy", CONSOLE_CSP, "X-Frame-Options", "SAMEORIGIN",
                        "Referrer-Policy", "no-referrer"));
        StaticFiles demo = new StaticFiles("/demo/", "tandem-web/demo/", Map.of());
        String bayeuxPath = context + "/cometd";
        String restPrefix = context + "/rest/";

        DisposableServer server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .route(routes -> {
                    routes.route(bayeux::matches, cors.wrap(bayeux::handle));
                    routes.route(req -> req.uri().startsWith(restPrefix), cors.wrap(rest::handle));
                    routes.route(observability::matches, observability::handle);
                    routes.route(scripts::matches, scripts::handle);
                    routes.route(console::matches, console::handle);
                    if (config.demoEnabled()) {
                        routes.route(demo::matches, demo::handle);
                    }
                })
                .bindNow(Duration.ofSeconds(30));

        InetSocketAddress address = (InetSocketAddress) server.address();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        String baseUrl = "http://" + host + ":" + address.getPort();
        LOG.info("Tandem listening on {} — Bayeux {}{}, REST {}{}rest/live, history store: {}",
                address, baseUrl, bayeuxPath, baseUrl, context + "/", history.description());
        if (cors.allowsAnyOrigin()) {
            LOG.info("Any website origin may use this server (tandem.cors.allowed-origins = [\"*\"]); "
                    + "list your sites' origins there in production");
        }
        LOG.info("Agent console: {}{}/agent/  Demo site: {}/demo/", baseUrl, context, baseUrl);
        if (config.chatEnabled()) {
            LOG.info("Chat service on {}{} (/service/chat/*), transcripts at {}{}rest/history/chats/<chatId>",
                    baseUrl, bayeuxPath, baseUrl, context + "/");
        }
        return new Running(server, baseUrl, engine, chat, bayeux, history, registry, config.shutdownGrace());
    }

    private BayeuxOptions bayeuxOptions() {
        return BayeuxOptions.DEFAULT.toBuilder()
                .path(config.contextPath() + "/cometd")
                .timeout(config.getDuration(TandemConfig.Key.BAYEUX_TIMEOUT))
                .interval(config.getDuration(TandemConfig.Key.BAYEUX_INTERVAL))
                .maxInterval(config.getDuration(TandemConfig.Key.BAYEUX_MAX_INTERVAL))
                .maxMessageBytes(config.getInt(TandemConfig.Key.BAYEUX_MAX_MESSAGE_SIZE))
                .maxQueueMessages(config.getInt(TandemConfig.Key.BAYEUX_MAX_QUEUE))
                .maxClients(config.getInt(TandemConfig.Key.BAYEUX_MAX_CLIENTS))
                .compression(config.getBoolean(TandemConfig.Key.BAYEUX_WEBSOCKET_COMPRESSION))
                .browserCookieDomain(config.cookieDomain())
                .browserCookieSecure(config.cookieSecure())
                .build();
    }

    private static final class Running implements RunningTandem {
        private final DisposableServer server;
        private final String baseUrl;
        private final SessionEngine engine;
        private final ChatEngine chat;
        private final BayeuxServer bayeux;
        private final HistoryStores.Opened history;
        private final PrometheusMeterRegistry registry;
        private final Duration grace;
        private final Mono<Void> shutdown;

        Running(DisposableServer server, String baseUrl, SessionEngine engine, ChatEngine chat, BayeuxServer bayeux,
                HistoryStores.Opened history, PrometheusMeterRegistry registry, Duration grace) {
            this.server = server;
            this.baseUrl = baseUrl;
            this.engine = engine;
            this.chat = chat;
            this.bayeux = bayeux;
            this.history = history;
            this.registry = registry;
            this.grace = grace;
            this.shutdown = Mono.defer(this::doShutdown).cache();
        }

        @Override
        public int port() {
            return server.port();
        }

        @Override
        public String baseUrl() {
            return baseUrl;
        }

        @Override
        public Mono<Void> shutdown() {
            return shutdown;
        }

        private Mono<Void> doShutdown() {
            int live = engine.liveSessions();
            int chats = chat.liveChats();
            return engine.shutdown()
                    .doOnSuccess(v -> LOG.info("Deactivated {} live session(s); flushing notifications", live))
                    .then(chat.shutdown())
                    .doOnSuccess(v -> LOG.info("Ended {} live chat(s)", chats))
                    .then(bayeux.shutdown().timeout(grace, Mono.empty()))
                    .then(Mono.fromRunnable(() -> server.disposeNow(grace.plusSeconds(5))).subscribeOn(Schedulers.boundedElastic()))
                    .then(history.close())
                    .onErrorResume(e -> {
                        LOG.warn("Shutdown step failed: {}", e.toString());
                        return Mono.empty();
                    })
                    // Not doFinally: that runs after block() has returned, and the JVM may be gone by then.
                    .then(Mono.fromRunnable(() -> {
                        registry.close();
                        LOG.info("Tandem stopped");
                    }));
        }

        @Override
        public Mono<Void> onDispose() {
            return server.onDispose();
        }
    }
}
