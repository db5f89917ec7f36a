package dev.tandem.bench.load.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The peer's side of the wire, fed by hand through an in-memory {@link Link}. */
class BayeuxPeerTest {
    private final Metrics metrics = new Metrics();
    private final List<Inbound> delivered = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService executor;
    private MemoryLink link;
    private BayeuxPeer peer;

    @BeforeEach
    void connect() throws Exception {
        executor = Executors.newSingleThreadScheduledExecutor();
        link = new MemoryLink(executor);
        peer = new BayeuxPeer(link, metrics, (m, at) -> delivered.add(m), Duration.ofSeconds(10), "x",
                Wire.STREAM);
        Mono<Void> open = peer.open().cache();
        open.subscribe();
        Inbound handshake = link.next();
        assertThat(handshake.channel()).isEqualTo(Wire.HANDSHAKE);
        link.receive("[{\"channel\":\"/meta/handshake\",\"id\":\"" + handshake.id() + "\",\"successful\":true,"
                + "\"clientId\":\"c1\",\"advice\":{\"interval\":0,\"reconnect\":\"retry\"}}]");
        open.block(Duration.ofSeconds(10));
        assertThat(link.next().channel()).isEqualTo(Wire.CONNECT);
        peer.userToken("u1");
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void should_count_an_error_and_no_delivery_when_the_server_refuses_a_stream_batch() throws Exception {
        assertThat(peer.sendStream(1, 0, true)).isTrue();
        Inbound batch = link.next();
        assertThat(batch.channel()).isEqualTo(Wire.STREAM);
        assertThat(batch.snapshot()).isTrue();

        link.receive("[{\"id\":\"" + batch.id() + "\",\"channel\":\"/service/session/stream\",\"successful\":false,"
                + "\"error\":\"404::No service answers on /service/session/stream\","
                + "\"data\":{\"error\":\"No service answers on /service/session/stream\"}}]");

        assertThat(delivered).isEmpty();
        assertThat(metrics.errorKinds()).containsEntry("publish", 1L);
        assertThat(metrics.errorSamples().get(0)).contains("404::No service");
    }

    @Test
    void should_ignore_the_acknowledgement_and_deliver_the_relayed_batch_when_streaming_works() throws Exception {
        peer.sendStream(1, 0, true);
        Inbound batch = link.next();

        link.receive("[{\"id\":\"" + batch.id() + "\",\"channel\":\"/service/session/stream\",\"successful\":true,"
                + "\"data\":{}},{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":5,"
                + "\"events\":[{\"type\":5,\"data\":{\"payload\":{\"t\":77,\"fill\":\"x\"}}}]}}]");

        assertThat(delivered).singleElement().satisfies(m -> {
            assertThat(m.seq()).isEqualTo(5);
            assertThat(m.sentNanos()).isEqualTo(77);
        });
        assertThat(metrics.errors.sum()).isZero();
    }

    /** Records what the peer sends; hands the peer what the test "receives". */
    static final class MemoryLink implements Link {
        private final BlockingQueue<byte[]> sent = new LinkedBlockingQueue<>();
        private final ScheduledExecutorService executor;
        private Handler handler;

        MemoryLink(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        Inbound next() throws Exception {
            byte[] payload = sent.poll(10, TimeUnit.SECONDS);
            assertThat(payload).as("a message sent within 10 s").isNotNull();
            return Wire.decode(payload, 0, payload.length).get(0);
        }

        void receive(String json) {
            handler.onPayload(json.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void handler(Handler handler) {
            this.handler = handler;
        }

        @Override
        public Mono<Void> open() {
            return Mono.empty();
        }

        @Override
        public void send(byte[] payload, boolean connect) {
            sent.add(payload);
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public ScheduledExecutorService executor() {
            return executor;
        }

        @Override
        public String connectionType() {
            return "websocket";
        }

        @Override
        public Mono<Void> close() {
            return Mono.empty();
        }
    }
}
