package dev.tandem.bench.relay.raw;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The ceiling of the side-by-side: {@code ws://host:port/relay/{room}?role=master|agent}. Every text
 * frame the master sends is written, as is (a retained duplicate of its buffer), to every agent socket
 * of the same room. No Bayeux, no JSON, no queue of its own: what is left is Reactor Netty and the
 * kernel.
 */
public final class RawRelayServer {
    public static final String PATH = "/relay";
    private static final int MAX_FRAME = 4 * 1024 * 1024;

    private final DisposableServer server;
    private final Map<String, List<Channel>> rooms;

    private RawRelayServer(DisposableServer server, Map<String, List<Channel>> rooms) {
        this.server = server;
        this.rooms = rooms;
    }

    /** Starts on {@code host:port} (port 0 picks a free one). */
    public static Mono<RawRelayServer> start(String host, int port) {
        Map<String, List<Channel>> rooms = new ConcurrentHashMap<>();
        WebsocketServerSpec spec = WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME).build();
        return HttpServer.create()
                .host(host)
                .port(port)
                .route(routes -> routes.get(PATH + "/{room}", (request, response) -> upgrade(rooms, spec,
                        request, response)))
                .bind()
                .map(server -> new RawRelayServer(server, rooms));
    }

    private static Mono<Void> upgrade(Map<String, List<Channel>> rooms, WebsocketServerSpec spec,
                                      HttpServerRequest request, HttpServerResponse response) {
        String room = request.param("room");
        List<String> roles = new QueryStringDecoder(request.uri()).parameters().get("role");
        boolean master = roles != null && roles.contains("master");
        return response.sendWebsocket((in, out) -> master ? relay(rooms, room, in) : listen(rooms, room, in), spec);
    }

    private static Mono<Void> listen(Map<String, List<Channel>> rooms, String room, WebsocketInbound in) {
        List<Channel> agents = rooms.computeIfAbsent(room, k -> new CopyOnWriteArrayList<>());
        in.withConnection(connection -> {
            Channel channel = connection.channel();
            agents.add(channel);
            connection.onDispose(() -> {
                agents.remove(channel);
                rooms.computeIfPresent(room, (k, list) -> list.isEmpty() ? null : list);
            });
        });
        return in.receiveFrames().then();
    }

    private static Mono<Void> relay(Map<String, List<Channel>> rooms, String room, WebsocketInbound in) {
        return in.aggregateFrames(MAX_FRAME).receiveFrames().doOnNext(frame -> forward(rooms.get(room), frame)).then();
    }

    private static void forward(List<Channel> agents, WebSocketFrame frame) {
        if (agents == null || !(frame instanceof TextWebSocketFrame)) {
            return;
        }
        for (Channel agent : agents) {
            agent.writeAndFlush(new TextWebSocketFrame(frame.content().retainedDuplicate()), agent.voidPromise());
        }
    }

    public int port() {
        return server.port();
    }

    public int rooms() {
        return rooms.size();
    }

    public void stop() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    /** Completes when the server stops (for the standalone command). */
    public Mono<Void> onDispose() {
        return server.onDispose();
    }
}
