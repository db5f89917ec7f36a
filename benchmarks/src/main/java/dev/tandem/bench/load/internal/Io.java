package dev.tandem.bench.load.internal;

import io.netty.channel.EventLoopGroup;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's network resources: its own event loops (one per core unless told otherwise), clients
 * for WebSocket links (each its own connection) and pooled clients for long-polling, sized so that every
 * long-polling peer can hold its {@code /meta/connect} and send at the same time. With several local
 * bind addresses (127.0.0.2, 127.0.0.3, …) peers are spread over them, each address bringing its own
 * ~28k ephemeral ports towards the one server port.
 */
final class Io {
    final LoopResources loops;
    final EventLoopGroup group;
    final WebsocketClientSpec websocketSpec;
    private final List<ConnectionProvider> pools = new ArrayList<>();
    private final List<HttpClient> websocket = new ArrayList<>();
    private final List<HttpClient> http = new ArrayList<>();

    Io(int threads, int longPollingPeers, Duration responseTimeout, List<InetAddress> bindAddresses, int maxFrame,
       boolean compress) {
        this.loops = LoopResources.create("bench-io", threads, true);
        this.group = loops.onClient(true);
        this.websocketSpec = WebsocketClientSpec.builder().maxFramePayloadLength(maxFrame).compress(compress).build();
        List<InetAddress> addresses = bindAddresses.isEmpty() ? java.util.Collections.singletonList(null) : bindAddresses;
        int perPool = Math.max(64, longPollingPeers * 2 / addresses.size() + 16);
        for (InetAddress address : addresses) {
            ConnectionProvider pool = ConnectionProvider.builder("bench-lp")
                    .maxConnections(perPool)
                    .pendingAcquireMaxCount(-1)
                    .pendingAcquireTimeout(responseTimeout)
                    .maxIdleTime(Duration.ofSeconds(90))
                    .build();
            pools.add(pool);
            HttpClient ws = HttpClient.create(ConnectionProvider.newConnection()).runOn(loops);
            HttpClient lp = HttpClient.create(pool).runOn(loops).responseTimeout(responseTimeout).keepAlive(true);
            if (address != null) {
                ws = ws.bindAddress(() -> new InetSocketAddress(address, 0));
                lp = lp.bindAddress(() -> new InetSocketAddress(address, 0));
            }
            websocket.add(ws);
            http.add(lp);
        }
    }

    /** The WebSocket client for the peer with this index (spread over the bind addresses). */
    HttpClient websocket(int peer) {
        return websocket.get(peer % websocket.size());
    }

    /** The long-polling client for the peer with this index. */
    HttpClient http(int peer) {
        return http.get(peer % http.size());
    }

    Mono<Void> dispose() {
        return Flux.fromIterable(pools).flatMap(ConnectionProvider::disposeLater).then()
                .then(loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)))
                .timeout(Duration.ofSeconds(15))
                .onErrorResume(e -> Mono.empty());
    }
}
