package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.RawBayeux;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.bayeux.support.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Held connects, broadcast, advice, expiry, overflow, timesync, callback-polling, metrics — with raw peers. */
class BayeuxBehaviourIT {
    private TestServer server;

    private TestServer start(BayeuxOptions options) {
        server = TestServer.start(BayeuxServer.builder().options(options).build());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String connect(String clientId, String type) {
        return "[{\"id\":\"c\",\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId + "\",\"connectionType\":\"" + type + "\"}]";
    }

    private static String subscribe(String clientId, String channel) {
        return "[{\"id\":\"s\",\"channel\":\"/meta/subscribe\",\"clientId\":\"" + clientId + "\",\"subscription\":\"" + channel + "\"}]";
    }

    @Test
    void should_release_a_held_long_poll_with_the_message_when_one_is_published() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            String id = raw.handshake();
            raw.connectNow(id);
            assertThat(raw.exchange(subscribe(id, "/chat/**")).get(0).path("successful").asBoolean()).isTrue();
            CompletableFuture<List<JsonNode>> held = CompletableFuture.supplyAsync(() -> call(raw, connect(id, "long-polling")));
            Await.until("the connect to be held", Duration.ofSeconds(5),
                    () -> held() == 1);
            assertThat(server.bayeux.publish("/chat/room/1", JsonNodeFactory.instance.objectNode().put("text", "hi"))).isEqualTo(1);
            List<JsonNode> reply = held.get(5, TimeUnit.SECONDS);
            assertThat(reply).hasSize(2);
            assertThat(reply.get(0).toString()).isEqualTo("{\"channel\":\"/chat/room/1\",\"data\":{\"text\":\"hi\"}}");
            assertThat(reply.get(1).path("channel").asText()).isEqualTo("/meta/connect");
            assertThat(reply.get(1).path("advice").toString())
                    .isEqualTo("{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":30000,\"maxInterval\":10000}");
        }
    }

    @Test
    void should_answer_the_held_connect_when_a_new_connect_arrives() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            String id = raw.handshake();
            CompletableFuture<List<JsonNode>> first = CompletableFuture.supplyAsync(() -> call(raw, connect(id, "long-polling")));
            Await.until("the first connect to be held", Duration.ofSeconds(5), () -> held() == 1);
            CompletableFuture<List<JsonNode>> second = CompletableFuture.supplyAsync(() -> call(raw, connect(id, "long-polling")));
            assertThat(first.get(5, TimeUnit.SECONDS).get(0).path("successful").asBoolean()).isTrue();
            assertThat(second).isNotDone();
            server.bayeux.session(id).orElseThrow().deliver("/service/x", JsonNodeFactory.instance.objectNode());
            assertThat(second.get(5, TimeUnit.SECONDS)).hasSize(2);
        }
    }

    @Test
    void should_advise_multiple_clients_when_a_browser_long_polls_twice() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Http tab1 = new RawBayeux.Http(server.url()); RawBayeux.Http tab2 = new RawBayeux.Http(server.url())) {
            String id1 = tab1.handshake();
            tab2.cookie = tab1.cookie;
            String id2 = tab2.handshake();
            assertThat(server.bayeux.session(id2).orElseThrow().browserId())
                    .isEqualTo(server.bayeux.session(id1).orElseThrow().browserId());
            CompletableFuture<List<JsonNode>> held = CompletableFuture.supplyAsync(() -> call(tab1, connect(id1, "long-polling")));
            Await.until("tab 1's connect to be held", Duration.ofSeconds(5), () -> held() == 1);
            JsonNode advice = tab2.exchange(connect(id2, "long-polling")).get(0).path("advice");
            assertThat(advice.toString()).isEqualTo(
                    "{\"reconnect\":\"retry\",\"interval\":2000,\"timeout\":30000,\"maxInterval\":10000,\"multiple-clients\":true}");
            server.bayeux.session(id1).orElseThrow().deliver("/service/x", JsonNodeFactory.instance.objectNode());
            held.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_deliver_broadcasts_once_to_each_subscriber_over_websocket_at_once() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Ws a = new RawBayeux.Ws(server.wsUrl()); RawBayeux.Ws b = new RawBayeux.Ws(server.wsUrl())) {
            String ia = a.handshake();
            String ib = b.handshake();
            a.exchange(subscribe(ia, "/chat/*"));
            a.exchange(subscribe(ia, "/chat/**"));
            b.exchange(subscribe(ib, "/chat/room"));
            List<JsonNode> reply = b.exchange("[{\"id\":\"p\",\"channel\":\"/chat/room\",\"clientId\":\"" + ib + "\",\"data\":{\"n\":1}}]");
            List<JsonNode> all = new CopyOnWriteArrayList<>(reply);
            if (all.size() < 2) {
                all.addAll(b.next());
            }
            assertThat(all).extracting(JsonNode::toString).containsExactlyInAnyOrder(
                    "{\"id\":\"p\",\"channel\":\"/chat/room\",\"successful\":true}",
                    "{\"channel\":\"/chat/room\",\"data\":{\"n\":1}}");
            assertThat(a.next()).extracting(JsonNode::toString).containsExactly("{\"channel\":\"/chat/room\",\"data\":{\"n\":1}}");
            assertThat(a.messages.poll(200, TimeUnit.MILLISECONDS)).as("delivered once despite two matching subscriptions").isNull();
            a.exchange("[{\"id\":\"u\",\"channel\":\"/meta/unsubscribe\",\"clientId\":\"" + ia + "\",\"subscription\":\"/chat/*\"}]");
        }
    }

    @Test
    void should_remove_and_tell_listeners_when_a_client_stops_connecting() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxInterval(Duration.ofMillis(300)).sweepPeriod(Duration.ofMillis(50)).build());
        List<RemovalReason> removed = new CopyOnWriteArrayList<>();
        server.bayeux.addSessionListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                removed.add(reason);
            }
        });
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            String id = raw.handshake();
            Await.until("expiry", Duration.ofSeconds(5), () -> !removed.isEmpty());
            assertThat(removed).containsExactly(RemovalReason.EXPIRED);
            assertThat(raw.connectNow(id).get(0).path("error").asText()).isEqualTo("402::Unknown client");
            assertThat(server.bayeux.meterRegistry().get("tandem.bayeux.clients.removed").tag("reason", "expired").counter().count())
                    .isEqualTo(1.0);
        }
    }

    @Test
    void should_keep_a_client_whose_websocket_closed_until_max_interval() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxInterval(Duration.ofSeconds(5)).build());
        String id;
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            id = raw.handshake();
        }
        Await.until("the server to see the close", Duration.ofSeconds(5), () -> gauge("websocket") == 0);
        assertThat(server.bayeux.session(id)).isPresent();
        server.bayeux.session(id).orElseThrow().deliver("/service/x", JsonNodeFactory.instance.objectNode().put("n", 1));
        try (RawBayeux.Http http = new RawBayeux.Http(server.url())) {
            List<JsonNode> r = http.connectNow(id);
            assertThat(r).extracting(JsonNode::toString).first().isEqualTo("{\"channel\":\"/service/x\",\"data\":{\"n\":1}}");
        }
    }

    @Test
    void should_keep_queued_messages_when_a_long_polling_client_upgrades_to_websocket() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Http http = new RawBayeux.Http(server.url()); RawBayeux.Ws ws = new RawBayeux.Ws(server.wsUrl())) {
            String id = http.handshake();
            server.bayeux.session(id).orElseThrow().deliver("/service/x", JsonNodeFactory.instance.numberNode(7));
            ws.send(connect(id, "websocket"));
            assertThat(ws.next()).extracting(JsonNode::toString).first().isEqualTo("{\"channel\":\"/service/x\",\"data\":7}");
            assertThat(http.connectNow(id).get(0).path("error").asText()).as("now bound to its WebSocket").isEqualTo("402::Unknown client");
        }
    }

    @Test
    void should_answer_held_connects_and_remove_everyone_when_shutting_down() throws Exception {
        start(BayeuxOptions.DEFAULT);
        List<RemovalReason> removed = new CopyOnWriteArrayList<>();
        server.bayeux.addSessionListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                removed.add(reason);
            }
        });
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            String id = raw.handshake();
            CompletableFuture<List<JsonNode>> held = CompletableFuture.supplyAsync(() -> call(raw, connect(id, "long-polling")));
            Await.until("the connect to be held", Duration.ofSeconds(5), () -> held() == 1);
            server.bayeux.shutdown().block(Duration.ofSeconds(5));
            JsonNode reply = held.get(5, TimeUnit.SECONDS).get(0);
            assertThat(reply.path("error").asText()).isEqualTo("402::Unknown client");
            assertThat(reply.path("advice").path("reconnect").asText()).isEqualTo("handshake");
            assertThat(removed).containsExactly(RemovalReason.SHUTDOWN);
            assertThat(raw.exchange("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\"]}]")
                    .get(0).path("error").asText()).startsWith("503::");
        }
    }

    @Test
    void should_disconnect_and_count_when_the_outbound_queue_overflows() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxQueueMessages(3).build());
        try (RawBayeux.Http raw = new RawBayeux.Http(server.url())) {
            String id = raw.handshake();
            ServerSession s = server.bayeux.session(id).orElseThrow();
            for (int i = 0; i < 3; i++) {
                assertThat(s.deliver("/service/x", JsonNodeFactory.instance.numberNode(i))).isTrue();
            }
            assertThat(s.deliver("/service/x", JsonNodeFactory.instance.numberNode(3))).isFalse();
            assertThat(s.isRemoved()).isTrue();
            assertThat(server.bayeux.meterRegistry().get("tandem.bayeux.queue.overflows").counter().count()).isEqualTo(1.0);
            assertThat(raw.connectNow(id).get(0).path("error").asText()).isEqualTo("402::Unknown client");
        }
    }

    @Test
    void should_tell_a_held_connect_when_its_queue_overflows() throws Exception {
        start(BayeuxOptions.DEFAULT.toBuilder().maxQueueMessages(2).build());
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            String id = raw.exchange("[{\"id\":\"h\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\","
                    + "\"supportedConnectionTypes\":[\"websocket\"],\"ext\":{\"ack\":true}}]").get(0).path("clientId").asText();
            raw.send(connect(id, "websocket"));
            Await.until("connect held", Duration.ofSeconds(5), () -> raw.messages.isEmpty());
            ServerSession s = server.bayeux.session(id).orElseThrow();
            s.deliver("/service/x", JsonNodeFactory.instance.numberNode(1));
            List<JsonNode> first = raw.next();
            assertThat(first).hasSize(2);
            assertThat(first.get(1).path("ext").path("ack").asLong()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                s.deliver("/service/x", JsonNodeFactory.instance.numberNode(i));
            }
            assertThat(s.isRemoved()).isTrue();
            raw.send(connect(id, "websocket"));
            assertThat(raw.next().get(0).path("error").asText()).isEqualTo("402::Unknown client");
        }
    }

    @Test
    void should_answer_timesync_when_the_client_sends_it() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            long tc = System.currentTimeMillis();
            JsonNode r = raw.exchange("[{\"id\":\"h\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"websocket\"],"
                    + "\"ext\":{\"timesync\":{\"tc\":" + tc + ",\"l\":3,\"o\":-5}}}]").get(0);
            JsonNode ts = r.path("ext").path("timesync");
            assertThat(SeedShapes.fields(ts)).containsExactly("tc", "ts", "p", "a");
            assertThat(ts.get("tc").asLong()).isEqualTo(tc);
            assertThat(ts.get("ts").asLong()).isBetween(tc, System.currentTimeMillis());
            assertThat(ts.get("p").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(ts.get("a").asLong()).isEqualTo(tc - 5 + 3 - ts.get("ts").asLong());
        }
    }

    @Test
    void should_speak_callback_polling_when_asked_with_jsonp() throws Exception {
        start(BayeuxOptions.DEFAULT);
        HttpClient http = HttpClient.newHttpClient();
        String message = "[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"callback-polling\"]}]";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/handshake?jsonp=cb_1&message="
                + URLEncoder.encode(message, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("text/javascript");
        assertThat(r.body()).startsWith("cb_1([{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"clientId\":").endsWith("])");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.url() + "?jsonp=alert(1)%3B&message=%5B%5D"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void should_count_connections_and_messages_in_the_meter_registry() throws Exception {
        start(BayeuxOptions.DEFAULT);
        try (RawBayeux.Ws raw = new RawBayeux.Ws(server.wsUrl())) {
            raw.handshake();
            Await.until("websocket gauge", Duration.ofSeconds(5), () -> gauge("websocket") == 1);
            assertThat(server.bayeux.meterRegistry().get("tandem.bayeux.messages.in").tag("family", "meta").counter().count()).isEqualTo(1.0);
            assertThat(server.bayeux.meterRegistry().get("tandem.bayeux.messages.out").tag("family", "meta").counter().count()).isEqualTo(1.0);
            assertThat(server.bayeux.meterRegistry().get("tandem.bayeux.clients").gauge().value()).isEqualTo(1.0);
        }
        Await.until("websocket gauge back to 0", Duration.ofSeconds(5), () -> gauge("websocket") == 0);
    }

    private double held() {
        return server.bayeux.meterRegistry().get("tandem.bayeux.connects.held").gauge().value();
    }

    private double gauge(String transport) {
        return server.bayeux.meterRegistry().get("tandem.bayeux.connections").tag("transport", transport).gauge().value();
    }

    private static List<JsonNode> call(RawBayeux raw, String batch) {
        try {
            return raw.exchange(batch);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
