package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.CapacityException;
import dev.tandem.core.StreamChunk;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBatchTest {

    private static StreamBatch batch(long seq, boolean snapshot, String events) {
        return StreamBatch.of(seq, snapshot, (ArrayNode) SeedShapes.parse(events));
    }

    /** The bytes of an encoded message, as a client receives them: the message is delivered to a recording session. */
    private static String json(EncodedMessage m) {
        return RecordingSession.json(m);
    }

    @Test
    void should_encode_the_live_notification_once_and_share_it_during_the_fan_out() {
        StreamBatch b = batch(3, true, "[{\"type\":4,\"data\":{\"href\":\"https://x/\"}},{\"type\":2,\"data\":{}}]");
        assertThat(json(b.live())).isEqualTo("{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":3,"
                + "\"events\":[{\"type\":4,\"data\":{\"href\":\"https://x/\"}},{\"type\":2,\"data\":{}}],\"snapshot\":true}}");
        assertThat(b.live()).isSameAs(b.live());
        b.fannedOut();
        assertThat(b.live()).isNotSameAs(b.live());
        StreamBatch empty = batch(4, false, "[]");
        assertThat(json(empty.live())).isEqualTo(
                "{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":4,\"events\":[]}}");
        b.release();
        empty.release();
    }

    @Test
    void should_keep_the_events_exactly_as_serialised_in_a_buffer_of_their_size() {
        String small = "[{\"type\":3,\"data\":{\"source\":2,\"x\":1}}]";
        // A snapshot of a few hundred kilobytes: the thread's scratch array grows for it, and is not reused after.
        String large = "[{\"type\":2,\"data\":{\"node\":{\"text\":\"" + "ab\\\"\u00e9".repeat(60_000) + "\"}}}]";
        String other = "[{\"type\":3,\"data\":{\"source\":1,\"positions\":[]}}]";
        // Each batch is encoded on its own, whatever the thread encoded before it.
        for (String events : List.of(small, large, other, small)) {
            StreamBatch b = batch(1, false, events);
            String expected = SeedShapes.parse(events).toString();
            assertThat(json(b.live())).isEqualTo("{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":1,"
                    + "\"events\":" + expected + "}}");
            int length = b.size() - StreamBatch.OVERHEAD;
            assertThat(length).isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(b.offHeapCapacity()).isEqualTo(length);
            b.release();
        }
    }

    @Test
    void should_free_its_off_heap_bytes_with_the_last_reference_and_keep_what_queues_got() {
        long before = StreamBatch.offHeapBytes();
        StreamBatch b = batch(5, false, "[{\"type\":3,\"data\":{\"source\":1}}]");
        assertThat(StreamBatch.offHeapBytes() - before).isEqualTo(b.size() - StreamBatch.OVERHEAD);
        assertThat(b.tryRetain()).as("the log's reference").isTrue();
        b.release(); // the request's
        EncodedMessage queued = b.live();
        b.fannedOut();
        assertThat(json(b.live())).as("encoded again while the log keeps it").isEqualTo(json(queued));
        b.release(); // the log's: freed
        assertThat(StreamBatch.offHeapBytes()).isEqualTo(before);
        assertThat(b.tryRetain()).as("never alive again").isFalse();
        assertThat(b.live()).as("nothing read from freed bytes").isNull();
        assertThat(json(queued)).as("what a queue holds is its own").contains("\"seq\":5");
        assertThatThrownBy(b::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void should_join_a_log_into_few_replay_messages_carrying_the_last_seq() {
        List<StreamBatch> log = new ArrayList<>();
        log.add(batch(1, true, "[{\"type\":4,\"data\":{}},{\"type\":2,\"data\":{}}]"));
        log.add(batch(2, false, "[]"));
        for (int i = 3; i <= 500; i++) {
            log.add(batch(i, false, "[{\"type\":3,\"data\":{\"source\":1,\"n\":" + i + "}}]"));
        }
        List<EncodedMessage> one = StreamBatch.replay(log, 1 << 20);
        assertThat(one).hasSize(1);
        var data = SeedShapes.parse(json(one.get(0))).get("data");
        assertThat(data.get("v").asInt()).isEqualTo(1);
        assertThat(data.get("seq").asLong()).isEqualTo(500);
        assertThat(data.get("replay").asBoolean()).isTrue();
        assertThat(data.get("events")).hasSize(2 + 498);
        assertThat(data.get("events").get(2).path("data").path("n").asInt()).isEqualTo(3);

        List<EncodedMessage> parts = StreamBatch.replay(log, 1000);
        assertThat(parts).hasSizeGreaterThan(10);
        int events = 0;
        long lastSeq = 0;
        for (EncodedMessage part : parts) {
            var d = SeedShapes.parse(json(part)).get("data");
            assertThat(d.get("replay").asBoolean()).isTrue();
            assertThat(d.get("seq").asLong()).isGreaterThan(lastSeq);
            lastSeq = d.get("seq").asLong();
            events += d.get("events").size();
        }
        assertThat(events).isEqualTo(500);
        assertThat(lastSeq).isEqualTo(500);
        StreamBatch empty = batch(9, true, "[]");
        assertThat(json(StreamBatch.replay(List.of(empty), 10).get(0)))
                .isEqualTo("{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":9,\"events\":[],\"replay\":true}}");
        empty.release();
        log.forEach(StreamBatch::release);
    }

    @Test
    void should_hold_its_bytes_in_the_logs_own_pool_not_among_the_io_buffers() {
        // A log keeps batches for minutes; among the I/O pool's buffers they kept whole chunks of it from being
        // given back (5,000 sessions: 239 MiB of logs held 870 MiB of direct memory, then an allocation failed).
        StreamBatch snapshot = batch(1, true, "[{\"type\":2,\"data\":{\"node\":{}}}]");
        StreamBatch a = batch(2, false, "[{\"type\":3,\"data\":{\"source\":1}}]");
        StreamBatch b = batch(3, false, "[{\"type\":3,\"data\":{\"source\":2}}]");
        StreamBatch joined = (StreamBatch) a.join(List.of(new StreamChunk(2, false, a, a.size()),
                new StreamChunk(3, false, b, b.size())));
        for (StreamBatch x : List.of(snapshot, a, b, joined)) {
            assertThat(x.inLogMemory()).as("batch %d", x.seq()).isTrue();
        }
        for (StreamBatch x : List.of(snapshot, a)) {
            assertThat(x.offHeapCapacity()).as("batch %d holds exactly its events", x.seq())
                    .isEqualTo(x.size() - StreamBatch.OVERHEAD);
        }
        // A join reserves a comma per batch of its run before it knows which are empty: one more than it writes.
        int joinedEvents = joined.size() - StreamBatch.OVERHEAD;
        assertThat(joined.offHeapCapacity()).isBetween(joinedEvents, joinedEvents + 2);
        List.of(snapshot, a, b, joined).forEach(StreamBatch::release);
    }

    /** A pool with no memory left, failing as the JDK does when -XX:MaxDirectMemorySize is reached. */
    private static final ByteBufAllocator FULL = new AbstractByteBufAllocator(true) {
        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            throw new AssertionError("a batch's bytes never go on the heap");
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            throw new OutOfMemoryError("Cannot reserve " + initialCapacity + " bytes of direct buffer memory");
        }

        @Override
        public boolean isDirectBufferPooled() {
            return true;
        }
    };

    @Test
    void should_fail_only_the_batch_when_direct_memory_is_exhausted_and_say_what_to_do() {
        // At 5,000 sessions such an OutOfMemoryError, thrown on inside a session actor's step, stopped the whole relay.
        long exhausted = StreamBatch.memoryExhausted();
        long offHeap = StreamBatch.offHeapBytes();
        ArrayNode events = (ArrayNode) SeedShapes.parse("[{\"type\":3,\"data\":{\"source\":1}}]");

        assertThatThrownBy(() -> StreamBatch.of(4, false, events, FULL))
                .isInstanceOf(CapacityException.class)
                .hasMessageContaining("seq 4")
                .hasMessageContaining("send a snapshot of the page again");
        assertThatThrownBy(() -> StreamBatch.of(1, true, events, FULL))
                .isInstanceOf(CapacityException.class)
                .hasMessageContaining("this snapshot");

        assertThat(StreamBatch.memoryExhausted()).isEqualTo(exhausted + 2);
        assertThat(StreamBatch.offHeapBytes()).isEqualTo(offHeap);
    }

    @Test
    void should_leave_a_run_unjoined_when_direct_memory_is_exhausted() {
        StreamBatch a = batch(2, false, "[{\"type\":3,\"data\":{\"source\":1}}]");
        StreamBatch b = batch(3, false, "[{\"type\":3,\"data\":{\"source\":2}}]");
        List<StreamChunk> run = List.of(new StreamChunk(2, false, a, a.size()), new StreamChunk(3, false, b, b.size()));
        long exhausted = StreamBatch.memoryExhausted();
        long offHeap = StreamBatch.offHeapBytes();

        // Null is "cannot be joined": the log keeps the run as it is, and the batches stay readable.
        assertThat(StreamBatch.join(run, FULL)).isNull();

        assertThat(StreamBatch.memoryExhausted()).isEqualTo(exhausted + 1);
        assertThat(StreamBatch.offHeapBytes()).isEqualTo(offHeap);
        assertThat(json(StreamBatch.replay(List.of(a, b), 1 << 20).get(0)))
                .contains("{\"type\":3,\"data\":{\"source\":1}},{\"type\":3,\"data\":{\"source\":2}}");
        a.release();
        b.release();
    }

    @Test
    void should_join_a_run_of_increments_into_one_batch_that_replays_as_they_would() {
        long before = StreamBatch.offHeapBytes();
        List<StreamBatch> run = List.of(
                batch(7, false, "[{\"type\":3,\"data\":{\"source\":1,\"n\":7}}]"),
                batch(8, false, "[]"),
                batch(9, false, "[{\"type\":3,\"data\":{\"source\":2,\"n\":9}},{\"type\":3,\"data\":{\"n\":10}}]"));
        List<StreamChunk> chunks = run.stream().map(b -> new StreamChunk(b.seq(), false, b, b.size())).toList();

        StreamBatch joined = (StreamBatch) run.get(0).join(chunks);

        assertThat(joined.seq()).isEqualTo(9);
        assertThat(joined.snapshot()).isFalse();
        assertThat(joined.eventCount()).isEqualTo(3);
        assertThat(json(StreamBatch.replay(List.of(joined), 1 << 20).get(0)))
                .isEqualTo(json(StreamBatch.replay(run, 1 << 20).get(0)));
        run.forEach(StreamBatch::release); // the log gives the run back
        assertThat(StreamBatch.offHeapBytes() - before).isEqualTo(joined.size() - StreamBatch.OVERHEAD);
        assertThat(json(StreamBatch.replay(List.of(joined), 1 << 20).get(0))).as("its own bytes")
                .contains("\"n\":7}},{\"type\":3,\"data\":{\"source\":2,\"n\":9}},{\"type\":3,\"data\":{\"n\":10}}]");

        // The log grows a joined batch by the next run.
        StreamBatch next = batch(10, false, "[{\"type\":3,\"data\":{\"n\":11}}]");
        StreamBatch grown = (StreamBatch) joined.join(List.of(new StreamChunk(9, false, joined, joined.size()),
                new StreamChunk(10, false, next, next.size())));
        assertThat(grown.seq()).isEqualTo(10);
        assertThat(grown.eventCount()).isEqualTo(4);
        assertThat(json(StreamBatch.replay(List.of(grown), 1 << 20).get(0)))
                .isEqualTo(json(StreamBatch.replay(List.of(joined, next), 1 << 20).get(0)));
        next.release();
        joined.release();
        assertThat(StreamBatch.offHeapBytes() - before).isEqualTo(grown.size() - StreamBatch.OVERHEAD);
        grown.release();
        assertThat(StreamBatch.offHeapBytes()).isEqualTo(before);

        StreamBatch snapshot = batch(1, true, "[{\"type\":2,\"data\":{}}]");
        StreamBatch increment = batch(2, false, "[]");
        assertThat(increment.join(List.of(new StreamChunk(2, false, increment, increment.size()),
                new StreamChunk(1, true, snapshot, snapshot.size())))).as("a snapshot is never joined").isNull();
        StreamBatch large = batch(3, false, "[{\"type\":3,\"data\":{\"text\":\"" + "x".repeat(StreamBatch.MAX_JOIN_BYTES) + "\"}}]");
        assertThat(increment.join(List.of(new StreamChunk(2, false, increment, increment.size()),
                new StreamChunk(3, false, large, large.size())))).as("large runs stay as they are").isNull();
        large.release();
        snapshot.release();
        increment.release();
    }
}
