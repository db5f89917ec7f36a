package dev.tandem.bench.load.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SessionDriverTest {
    private final Metrics metrics = new Metrics();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Inbound message(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Wire.decode(bytes, 0, bytes.length).get(0);
    }

    private static Inbound batch(long seq, String extra) throws Exception {
        return message("{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":" + seq + extra
                + ",\"events\":[{\"type\":5,\"data\":{\"payload\":{\"t\":1,\"fill\":\"x\"}}}]}}");
    }

    @Test
    void should_count_gaps_and_reorders_but_not_replays_when_an_agent_receives_the_stream() throws Exception {
        Peer.Listener agent = new Recorded(metrics, null).agentListener();
        metrics.beginSteady();

        agent.onDelivery(batch(1, ",\"snapshot\":true"), 10);
        agent.onDelivery(batch(2, ""), 10);
        agent.onDelivery(batch(4, ""), 10);            // 3 is missing
        agent.onDelivery(batch(3, ""), 10);            // …and late
        agent.onDelivery(batch(9, ",\"replay\":true"), 10);
        agent.onDelivery(batch(1, ",\"snapshot\":true"), 10); // a new baseline restarts seq
        agent.onDelivery(batch(2, ""), 10);

        assertThat(metrics.streamDelivered.sum()).isEqualTo(6);
        assertThat(metrics.replayed.sum()).isEqualTo(1);
        assertThat(metrics.gaps.sum()).isEqualTo(1);
        assertThat(metrics.reordered.sum()).isEqualTo(1);
        metrics.endSteady();
        assertThat(metrics.steadyLatency().getTotalCount()).isEqualTo(6);
    }

    @Test
    void should_send_a_snapshot_first_and_again_after_the_server_asks_for_a_resync() throws Exception {
        StreamRecorder master = new StreamRecorder(executor);
        Recorded session = new Recorded(metrics, master);

        session.startStream();
        long[] first = master.next();
        long[] second = master.next();
        session.masterListener().onDelivery(message("{\"channel\":\"/service/session/control\","
                + "\"data\":{\"v\":1,\"type\":\"resync\",\"from\":\"server\"}}"), 0);
        long[] afterResync;
        do {
            afterResync = master.next();
        } while (afterResync[1] == 0);
        session.stopStream();

        assertThat(first).containsExactly(1, 1);
        assertThat(second).containsExactly(2, 0);
        assertThat(afterResync).containsExactly(1, 1);
        assertThat(metrics.resyncs.sum()).isEqualTo(1);
        assertThat(metrics.streamSent.sum()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void should_start_a_new_baseline_every_n_batches_when_asked_to() throws Exception {
        StreamRecorder master = new StreamRecorder(executor);
        Recorded session = new Recorded(metrics, master, 3);

        session.startStream();
        List<long[]> batches = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batches.add(master.next());
        }
        session.stopStream();

        assertThat(batches).extracting(b -> b[0] + (b[1] == 1 ? "s" : ""))
                .containsExactly("1s", "2", "3", "1s", "2", "3", "1s");
    }

    /** A session whose master is given; no network. */
    private static final class Recorded extends SessionDriver {
        private final Peer master;

        Recorded(Metrics metrics, Peer master) {
            this(metrics, master, 0);
        }

        Recorded(Metrics metrics, Peer master, int snapshotEvery) {
            super(0, metrics, 200, snapshotEvery);
            this.master = master;
        }

        @Override
        Peer master() {
            return master;
        }

        @Override
        List<Peer> peers() {
            return List.of(master);
        }

        @Override
        Mono<Void> setUp() {
            return Mono.empty();
        }
    }

    /** A master that records (seq, snapshot ? 1 : 0) of every batch it is asked to send. */
    private static final class StreamRecorder implements Peer {
        private final BlockingQueue<long[]> sent = new LinkedBlockingQueue<>();
        private final ScheduledExecutorService executor;

        StreamRecorder(ScheduledExecutorService executor) {
            this.executor = executor;
        }

        long[] next() throws InterruptedException {
            long[] batch = sent.poll(10, TimeUnit.SECONDS);
            assertThat(batch).as("a batch within 10 s").isNotNull();
            return batch;
        }

        @Override
        public Mono<Void> open() {
            return Mono.empty();
        }

        @Override
        public boolean sendStream(long seq, long intendedNanos, boolean snapshot) {
            sent.add(new long[] {seq, snapshot ? 1 : 0});
            return true;
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
        public Mono<Void> close() {
            return Mono.empty();
        }
    }
}
