package dev.tandem.bayeux.support;

import dev.tandem.bayeux.BayeuxServer;
import java.time.Duration;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A Bayeux server mounted on a Reactor Netty server bound to 127.0.0.1 on a free port. */
public final class TestServer implements AutoCloseable {
    public final BayeuxServer bayeux;
    public final DisposableServer http;

    private TestServer(BayeuxServer bayeux, DisposableServer http) {
        this.bayeux = bayeux;
        this.http = http;
    }

    public static TestServer start(BayeuxServer bayeux) {
        DisposableServer http = HttpServer.create().host("127.0.0.1").port(0).route(bayeux::mount).bindNow();
        return new TestServer(bayeux, http);
    }

    public int port() {
        return http.port();
    }

    /** {@code http://127.0.0.1:port/cobrowse/cometd} */
    public String url() {
        return "http://127.0.0.1:" + port() + bayeux.options().path();
    }

    /** {@code ws://127.0.0.1:port/cobrowse/cometd} */
    public String wsUrl() {
        return "ws://127.0.0.1:" + port() + bayeux.options().path();
    }

    @Override
    public void close() {
        bayeux.shutdown().block(Duration.ofSeconds(5));
        http.disposeNow(Duration.ofSeconds(5));
    }
}
