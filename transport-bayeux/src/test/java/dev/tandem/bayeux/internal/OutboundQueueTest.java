package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {
    private static Encoded m(String s) {
        return new Encoded(s.getBytes(StandardCharsets.UTF_8), ChannelFamily.BROADCAST);
    }

    private static String text(Encoded e) {
        return new String(e.json(), StandardCharsets.UTF_8);
    }

    @Test
    void should_refuse_when_messages_or_bytes_would_exceed_the_bounds() {
        OutboundQueue q = new OutboundQueue(2, 10);
        assertThat(q.offer(m("12345"))).isTrue();
        assertThat(q.offer(m("123456"))).as("bytes").isFalse();
        assertThat(q.offer(m("1"))).isTrue();
        assertThat(q.offer(m("1"))).as("messages").isFalse();
        assertThat(q.poll(10, 100)).extracting(OutboundQueueTest::text).containsExactly("12345", "1");
        assertThat(q.size()).isZero();
        assertThat(q.bytes()).isZero();
    }

    @Test
    void should_redeliver_unacknowledged_batches_in_order_when_the_client_acks_an_earlier_batch() {
        OutboundQueue q = new OutboundQueue(10, 1000);
        q.offer(m("a"));
        q.offer(m("b"));
        assertThat(q.takeBatch(10, 1000)).extracting(OutboundQueueTest::text).containsExactly("a", "b");
        assertThat(q.batch()).isEqualTo(1);
        q.offer(m("c"));
        assertThat(q.size()).as("unacked still count").isEqualTo(3);
        q.acknowledge(0);
        assertThat(q.takeBatch(10, 1000)).extracting(OutboundQueueTest::text).containsExactly("a", "b", "c");
        assertThat(q.batch()).isEqualTo(2);
        q.acknowledge(2);
        assertThat(q.size()).isZero();
        assertThat(q.takeBatch(10, 1000)).isEmpty();
        assertThat(q.batch()).as("no empty batches").isEqualTo(2);
    }

    @Test
    void should_split_deliveries_by_count_and_size_but_take_at_least_one() {
        OutboundQueue q = new OutboundQueue(10, 1000);
        q.offer(m("x".repeat(50)));
        q.offer(m("y"));
        q.offer(m("z"));
        assertThat(q.poll(10, 10)).hasSize(1);
        assertThat(q.poll(1, 1000)).hasSize(1);
        assertThat(q.poll(10, 1000)).hasSize(1);
    }
}
