package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.DataReader;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.ServiceHandler;
import dev.tandem.bayeux.SessionListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/** The {@link BayeuxServer}; built by {@link dev.tandem.bayeux.BayeuxServerBuilder}. Not API. */
public final class BayeuxServerImpl implements BayeuxServer {
    private final BayeuxContext ctx;
    private final MeterRegistry meterRegistry;
    private final Dispatcher dispatcher;
    private final WebSocketTransport webSocket;
    private final HttpTransport http;
    private final Disposable sweeper;

    public BayeuxServerImpl(BayeuxOptions options, MeterRegistry meterRegistry, Scheduler scheduler) {
        this.meterRegistry = meterRegistry;
        BayeuxMetrics metrics = new BayeuxMetrics(meterRegistry);
        this.ctx = new BayeuxContext(options, scheduler, metrics);
        metrics.clients(ctx.clients::size);
        this.dispatcher = new Dispatcher(ctx);
        this.webSocket = new WebSocketTransport(ctx, dispatcher);
        this.http = new HttpTransport(ctx, dispatcher);
        long period = options.sweepPeriod().toMillis();
        this.sweeper = scheduler.schedulePeriodically(ctx.clients::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public HttpServerRoutes mount(HttpServerRoutes routes) {
        return routes.route(this::matches, this::handle);
    }

    @Override
    public boolean matches(HttpServerRequest request) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String p = q < 0 ? uri : uri.substring(0, q);
        String path = ctx.options.path();
        // The official clients append the message type to the URL for meta messages (".../cometd/connect")
        // and a bare "/" for the others (".../cometd/"), as CometD's servlet mapping "/cometd/*" accepts.
        return p.equals(path) || p.startsWith(path + "/");
    }

    @Override
    public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        if (request.method().equals(HttpMethod.POST)) {
            return http.post(request, response);
        }
        if (request.method().equals(HttpMethod.GET)) {
            return get(request, response);
        }
        response.header(HttpHeaderNames.ALLOW, "GET, POST");
        return HttpTransport.reject(response, HttpResponseStatus.METHOD_NOT_ALLOWED,
                request.method().name() + " is not used by Bayeux; POST a JSON array or upgrade to a WebSocket");
    }

    private Mono<Void> get(HttpServerRequest req, HttpServerResponse res) {
        if (isUpgrade(req)) {
            if (!ctx.options.transports().contains(ConnectionType.WEBSOCKET.wire())) {
                return HttpTransport.reject(res, HttpResponseStatus.BAD_REQUEST, "websocket is not offered by this server");
            }
            return webSocket.upgrade(req, res);
        }
        if (new QueryStringDecoder(req.uri()).parameters().containsKey("jsonp")) {
            return http.jsonp(req, res);
        }
        return HttpTransport.reject(res, HttpResponseStatus.BAD_REQUEST,
                "This is a Bayeux endpoint: upgrade to a WebSocket, POST a JSON array (long-polling), "
                        + "or GET with 'jsonp' and 'message' parameters (callback-polling)");
    }

    private static boolean isUpgrade(HttpServerRequest req) {
        return req.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && req.requestHeaders().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    @Override
    public void addService(String channel, ServiceHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!Channels.isValid(channel) || !Channels.isService(channel) || Channels.isWildcard(channel)) {
            throw new IllegalArgumentException("A service channel is a concrete channel under /service/, got " + channel);
        }
        ctx.services.put(channel, handler);
        ctx.dataReaders.remove(channel);
    }

    @Override
    public void addService(String channel, ServiceHandler handler, DataReader reader) {
        Objects.requireNonNull(reader, "reader");
        addService(channel, handler);
        ctx.dataReaders.put(channel, reader);
    }

    @Override
    public void addSessionListener(SessionListener listener) {
        ctx.clients.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<ServerSession> session(String clientId) {
        ClientSessionImpl c = ctx.clients.find(clientId);
        return c == null || c.isRemoved() ? Optional.empty() : Optional.of(c);
    }

    @Override
    public int publish(String channel, JsonNode data) {
        if (!Channels.isValid(channel) || Channels.isMeta(channel) || Channels.isService(channel) || Channels.isWildcard(channel)) {
            throw new IllegalArgumentException("Publish to a concrete broadcast channel, got " + channel);
        }
        return dispatcher.publisher().publish(channel, BayeuxMessage.builder(channel).data(Objects.requireNonNull(data, "data")).build());
    }

    @Override
    public int clientCount() {
        return ctx.clients.size();
    }

    @Override
    public BayeuxOptions options() {
        return ctx.options;
    }

    @Override
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    @Override
    public Mono<Void> shutdown() {
        return Mono.fromRunnable(() -> {
            ctx.shuttingDown = true;
            sweeper.dispose();
            for (ClientSessionImpl c : List.copyOf(ctx.clients.all())) {
                ctx.clients.remove(c, RemovalReason.SHUTDOWN);
            }
        });
    }
}
