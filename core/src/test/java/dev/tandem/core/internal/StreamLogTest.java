package dev.tandem.core.internal;

import static dev.tandem.core.EngineFixture.increment;
import static dev.tandem.core.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.StreamChunk;
import org.junit.jupiter.api.Test;

class StreamLogTest {
    private static final int OVERHEAD = StreamLog.CHUNK_OVERHEAD;
    private final StreamLogBudget UNLIMITED = new StreamLogBudget(Long.MAX_VALUE);

    @Test
    void should_share_the_node_budget_between_sessions_and_give_it_back_when_logs_drop() {
        StreamLogBudget node = new StreamLogBudget(3 * (100 + OVERHEAD));
        StreamLog first = new StreamLog(10_000, node);
        StreamLog second = new StreamLog(10_000, node);

        first.append(snapshot(1, 100));
        first.append(increment(2, 100));
        second.append(snapshot(1, 100));
        assertThat(node.used()).isEqualTo(3 * (100L + OVERHEAD));

        second.append(increment(2, 100)); // the node is full: the second log drops and waits for a snapshot
        assertThat(second.chunks()).isEmpty();
        assertThat(second.stale()).isTrue();
        assertThat(node.used()).isEqualTo(2 * (100L + OVERHEAD));
        assertThat(node.shed()).isEqualTo(1);

        first.release();
        assertThat(node.used()).isZero();
        second.append(snapshot(3, 100));
        assertThat(second.chunks()).extracting(StreamChunk::seq).containsExactly(3L);
    }

    @Test
    void should_keep_no_snapshot_when_it_does_not_fit_the_node_budget() {
        StreamLogBudget node = new StreamLogBudget(100 + OVERHEAD);
        StreamLog log = new StreamLog(10_000, node);
        log.append(snapshot(1, 100));

        log.append(snapshot(2, 101)); // the old snapshot is given back first, the new one does not fit

        assertThat(log.chunks()).isEmpty();
        assertThat(log.stale()).isTrue();
        assertThat(log.wantsSnapshot()).isTrue();
        assertThat(node.used()).isZero();
        log.append(increment(3, 1));
        assertThat(log.chunks()).isEmpty();
    }

    @Test
    void should_keep_the_snapshot_and_increments_in_order_when_within_budget() {
        StreamLog log = new StreamLog(10_000, UNLIMITED);

        log.append(snapshot(1, 100));
        log.append(increment(2, 10));
        log.append(increment(3, 20));

        assertThat(log.chunks()).extracting(StreamChunk::seq).containsExactly(1L, 2L, 3L);
        assertThat(log.bytes()).isEqualTo(130 + 3L * OVERHEAD);
        assertThat(log.stale()).isFalse();
        assertThat(log.wantsSnapshot()).isFalse();
    }

    @Test
    void should_not_log_increments_when_no_snapshot_came_yet() {
        StreamLog log = new StreamLog(10_000, UNLIMITED);

        log.append(increment(1, 10));

        assertThat(log.chunks()).isEmpty();
        assertThat(log.bytes()).isZero();
        assertThat(log.wantsSnapshot()).isTrue();
    }

    @Test
    void should_drop_the_log_and_turn_stale_when_an_increment_would_exceed_the_budget() {
        StreamLog log = new StreamLog(2 * (100 + OVERHEAD), UNLIMITED);
        log.append(snapshot(1, 100));
        log.append(increment(2, 100));
        assertThat(log.chunks()).hasSize(2);

        log.append(increment(3, 1));

        assertThat(log.chunks()).isEmpty();
        assertThat(log.bytes()).isZero();
        assertThat(log.stale()).isTrue();
        assertThat(log.wantsSnapshot()).isTrue();
        log.append(increment(4, 1));
        assertThat(log.chunks()).as("nothing is logged until the next snapshot").isEmpty();
    }

    @Test
    void should_want_a_snapshot_once_until_one_arrives_or_the_request_is_forgotten() {
        StreamLog log = new StreamLog(10_000, UNLIMITED);
        assertThat(log.wantsSnapshot()).isTrue();

        log.snapshotRequested();
        assertThat(log.wantsSnapshot()).isFalse();
        log.forgetRequest();
        assertThat(log.wantsSnapshot()).isTrue();

        log.snapshotRequested();
        log.append(snapshot(1, 10));
        log.release();
        assertThat(log.wantsSnapshot()).as("the snapshot answered the request").isTrue();
    }

    @Test
    void should_restart_from_a_snapshot_when_stale() {
        StreamLog log = new StreamLog(200 + 2 * OVERHEAD, UNLIMITED);
        log.append(snapshot(1, 100));
        log.append(increment(2, 200));
        log.snapshotRequested();

        log.append(snapshot(3, 100));
        log.append(increment(4, 100));

        assertThat(log.chunks()).extracting(StreamChunk::seq).containsExactly(3L, 4L);
        assertThat(log.stale()).isFalse();
        assertThat(log.bytes()).isEqualTo(200 + 2L * OVERHEAD);
    }

    @Test
    void should_stay_bounded_when_the_master_sends_endless_empty_increments() {
        int budget = 100 * OVERHEAD;
        StreamLog log = new StreamLog(budget, UNLIMITED);
        log.append(snapshot(0, 0));

        for (int i = 1; i <= 100_000; i++) {
            log.append(increment(i, 0));
            assertThat(log.bytes()).isLessThanOrEqualTo(budget);
        }

        assertThat(log.chunks().size()).isLessThanOrEqualTo(100);
        assertThat(log.stale()).isTrue();
    }

    @Test
    void should_log_a_snapshot_of_the_whole_budget_when_it_is_the_largest_allowed_batch() {
        StreamLog log = new StreamLog(1_000, UNLIMITED);

        log.append(snapshot(1, 1_000));

        assertThat(log.chunks()).hasSize(1);
        assertThat(log.wantsSnapshot()).isFalse();
    }
}
