package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.SessionListener;
import dev.tandem.bayeux.support.SeedShapes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Each meta channel through the dispatcher, in virtual time (long-polling context, no network). */
class MetaChannelsTest {
    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final BayeuxContext ctx = new BayeuxContext(BayeuxOptions.DEFAULT, time, new BayeuxMetrics(new SimpleMeterRegistry()));
    private final Dispatcher dispatcher = new Dispatcher(ctx);
    private final InboundContext http = new InboundContext(ConnectionType.LONG_POLLING, null, "browser-1");

    /** Sends a batch; the reference is set when the (possibly held) answer comes. */
    private AtomicReference<List<JsonNode>> send(String batch) {
        AtomicReference<List<JsonNode>> out = new AtomicReference<>();
        dispatcher.process(http, ctx.codec.decode(batch.getBytes(StandardCharsets.UTF_8))).collectList().subscribe(lists -> {
            List<JsonNode> all = new ArrayList<>();
            for (List<Encoded> l : lists) {
                for (Encoded e : l) {
                    all.add(SeedShapes.parse(new String(e.json(), StandardCharsets.UTF_8)));
                }
            }
            out.set(all);
        });
        return out;
    }

    private String handshake(String ext) {
        JsonNode r = send("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":"
                + "[\"websocket\",\"long-polling\"]" + ext + "}]").get().get(0);
        return r.get("clientId").asText();
    }

    private String connect(String id, String advice) {
        return "[{\"id\":\"2\",\"channel\":\"/meta/connect\",\"clientId\":\"" + id + "\",\"connectionType\":\"long-polling\"" + advice + "}]";
    }

    @Test
    void should_answer_handshake_with_version_transports_random_client_id_and_advice() {
        JsonNode r = send("[{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\"],"
                + "\"ext\":{\"ack\":true}}]").get().get(0);
        String id = r.get("clientId").asText();
        assertThat(id).matches("[A-Za-z0-9_-]{27}");
        assertThat(r.toString()).isEqualTo("{\"id\":\"1\",\"channel\":\"/meta/handshake\",\"clientId\":\"" + id + "\",\"successful\":true,"
                + "\"version\":\"1.0\",\"minimumVersion\":\"1.0\",\"supportedConnectionTypes\":[\"websocket\",\"long-polling\",\"callback-polling\"],"
                + "\"advice\":{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":30000,\"maxInterval\":10000},\"ext\":{\"ack\":true}}");
        assertThat(handshake("")).isNotEqualTo(id);
        assertThat(ctx.clients.find(id).browserId()).contains("browser-1");
    }

    @Test
    void should_hold_connect_for_the_server_timeout_or_the_clients_bounded_advice() {
        String id = handshake("");
        assertThat(send(connect(id, ",\"advice\":{\"timeout\":0}")).get()).as("first connect answered at once").isNotNull();
        AtomicReference<List<JsonNode>> held = send(connect(id, ""));
        time.advanceTimeBy(Duration.ofMillis(29_999));
        assertThat(held.get()).isNull();
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(held.get()).extracting(JsonNode::toString).containsExactly("{\"id\":\"2\",\"channel\":\"/meta/connect\",\"successful\":true,"
                + "\"advice\":{\"reconnect\":\"retry\",\"interval\":0,\"timeout\":30000,\"maxInterval\":10000}}");

        AtomicReference<List<JsonNode>> shorter = send(connect(id, ",\"advice\":{\"timeout\":5000}"));
        time.advanceTimeBy(Duration.ofSeconds(5));
        assertThat(shorter.get()).isNotNull();

        AtomicReference<List<JsonNode>> bounded = send(connect(id, ",\"advice\":{\"timeout\":999999999}"));
        time.advanceTimeBy(Duration.ofSeconds(60));
        assertThat(bounded.get()).as("clamped to maxClientTimeout").isNotNull();
    }

    @Test
    void should_remove_client_after_max_interval_without_connects_and_tell_listeners() {
        List<RemovalReason> removed = new CopyOnWriteArrayList<>();
        ctx.clients.addListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                removed.add(reason);
            }
        });
        String id = handshake("");
        AtomicReference<List<JsonNode>> held = send(connect(id, ""));
        time.advanceTimeBy(Duration.ofSeconds(20));
        ctx.clients.sweep();
        assertThat(removed).as("a held connect keeps the client").isEmpty();
        time.advanceTimeBy(Duration.ofSeconds(10));
        assertThat(held.get()).isNotNull();
        time.advanceTimeBy(Duration.ofMillis(10_000));
        ctx.clients.sweep();
        assertThat(removed).isEmpty();
        time.advanceTimeBy(Duration.ofMillis(1));
        ctx.clients.sweep();
        assertThat(removed).containsExactly(RemovalReason.EXPIRED);
    }

    @Test
    void should_disconnect_and_answer_the_held_connect_with_reconnect_none() {
        List<RemovalReason> removed = new CopyOnWriteArrayList<>();
        ctx.clients.addListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                removed.add(reason);
            }
        });
        String id = handshake("");
        AtomicReference<List<JsonNode>> held = send(connect(id, ""));
        List<JsonNode> r = send("[{\"id\":\"3\",\"channel\":\"/meta/disconnect\",\"clientId\":\"" + id + "\"}]").get();
        assertThat(r.get(0).toString()).isEqualTo("{\"id\":\"3\",\"channel\":\"/meta/disconnect\",\"successful\":true}");
        assertThat(held.get().get(0).path("advice").path("reconnect").asText()).isEqualTo("none");
        assertThat(removed).containsExactly(RemovalReason.DISCONNECTED);
        assertThat(send(connect(id, ",\"advice\":{\"timeout\":0}")).get().get(0).path("error").asText()).isEqualTo("402::Unknown client");
    }

    @Test
    void should_subscribe_publish_and_unsubscribe_broadcast_channels() {
        String a = handshake("");
        String b = handshake("");
        assertThat(send("[{\"id\":\"4\",\"channel\":\"/meta/subscribe\",\"clientId\":\"" + a + "\",\"subscription\":\"/room/*\"}]").get().get(0)
                .toString()).isEqualTo("{\"id\":\"4\",\"channel\":\"/meta/subscribe\",\"successful\":true,\"subscription\":\"/room/*\"}");
        assertThat(send("[{\"id\":\"5\",\"channel\":\"/room/1\",\"clientId\":\"" + b + "\",\"data\":\"hi\"}]").get().get(0).toString())
                .isEqualTo("{\"id\":\"5\",\"channel\":\"/room/1\",\"successful\":true}");
        assertThat(ctx.clients.find(a).queueSize()).isEqualTo(1);
        assertThat(send(connect(a, ",\"advice\":{\"timeout\":0}")).get().get(0).toString()).isEqualTo("{\"channel\":\"/room/1\",\"data\":\"hi\"}");
        assertThat(send("[{\"id\":\"6\",\"channel\":\"/meta/unsubscribe\",\"clientId\":\"" + a + "\",\"subscription\":\"/room/*\"}]").get().get(0)
                .path("successful").asBoolean()).isTrue();
        send("[{\"id\":\"7\",\"channel\":\"/room/1\",\"clientId\":\"" + b + "\",\"data\":\"again\"}]");
        assertThat(ctx.clients.find(a).queueSize()).isZero();
    }

    @Test
    void should_redeliver_a_lost_batch_when_the_client_acks_the_previous_one() {
        String id = handshake(",\"ext\":{\"ack\":true}");
        ServerSession s = ctx.clients.find(id);
        s.deliver("/service/x", JsonNodeFactory.instance.numberNode(1));
        List<JsonNode> first = send(connect(id, ",\"ext\":{\"ack\":0}")).get();
        assertThat(first).extracting(JsonNode::toString).containsExactly("{\"channel\":\"/service/x\",\"data\":1}",
                "{\"id\":\"2\",\"channel\":\"/meta/connect\",\"successful\":true,\"advice\":{\"reconnect\":\"retry\",\"interval\":0,"
                        + "\"timeout\":30000,\"maxInterval\":10000},\"ext\":{\"ack\":1}}");
        List<JsonNode> again = send(connect(id, ",\"ext\":{\"ack\":0}")).get();
        assertThat(again.get(0).toString()).as("batch 1 was not acknowledged").isEqualTo("{\"channel\":\"/service/x\",\"data\":1}");
        assertThat(again.get(1).path("ext").path("ack").asLong()).isEqualTo(2);
        AtomicReference<List<JsonNode>> held = send(connect(id, ",\"ext\":{\"ack\":2}"));
        assertThat(held.get()).as("acknowledged: nothing left, so held").isNull();
        assertThat(ctx.clients.find(id).queueSize()).isZero();
    }
}
