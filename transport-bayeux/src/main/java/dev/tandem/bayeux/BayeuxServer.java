package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * A Bayeux 1.0 server: WebSocket, long-polling and callback-polling on one endpoint; meta channels, advice,
 * client expiry, the {@code ack} and {@code timesync} extensions, broadcast channels and {@code /service/**}
 * request/response. Mount it on any Reactor Netty server:
 *
 * <pre>{@code
 * BayeuxServer bayeux = BayeuxServer.builder().build();
 * bayeux.addService("/service/echo", req -> Mono.just(ServiceReply.ok(req.data())));
 * HttpServer.create().port(8700).route(bayeux::mount).bindNow();
 * }</pre>
 */
public interface BayeuxServer {

    /** A builder with {@link BayeuxOptions#DEFAULT}. */
    static BayeuxServerBuilder builder() {
        return new BayeuxServerBuilder();
    }

    /** Registers the endpoint at {@link BayeuxOptions#path()} (and its one-segment sub-paths) on {@code routes}. */
    HttpServerRoutes mount(HttpServerRoutes routes);

    /** Whether {@code request} is for this endpoint: {@link BayeuxOptions#path()} or one segment below it. */
    boolean matches(HttpServerRequest request);

    /**
     * Handles one request for this endpoint (see {@link #matches}): a WebSocket upgrade, a long-polling
     * POST, or a callback-polling GET; other methods get 405. For embedding behind one's own routing
     * (e.g. a CORS or authentication wrapper).
     */
    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response);

    /** Sets the handler of one {@code /service/**} channel (no wildcards), replacing any earlier one. */
    void addService(String channel, ServiceHandler handler);

    /**
     * Sets the handler of one {@code /service/**} channel and the reader of its messages' {@code data}
     * (see {@link DataReader}), replacing any earlier ones.
     */
    void addService(String channel, ServiceHandler handler, DataReader reader);

    /** Adds a listener told about clients being added and removed. */
    void addSessionListener(SessionListener listener);

    /** The client with this id, unless unknown or removed. */
    Optional<ServerSession> session(String clientId);

    /** Publishes {@code data} on a broadcast channel to its subscribers; returns how many got it queued. */
    int publish(String channel, JsonNode data);

    /** Number of handshaken clients not yet removed. */
    int clientCount();

    /** The options this server was built with. */
    BayeuxOptions options();

    /** Where the server's meters are registered. */
    MeterRegistry meterRegistry();

    /**
     * Stops accepting handshakes, answers every held connect with advice {@code handshake}, removes every
     * client ({@link RemovalReason#SHUTDOWN}) and stops the sweeper. Completes when done; never blocks.
     */
    Mono<Void> shutdown();
}
