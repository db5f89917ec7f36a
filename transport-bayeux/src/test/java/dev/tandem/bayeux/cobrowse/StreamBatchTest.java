package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.support.SeedShapes;
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
}
