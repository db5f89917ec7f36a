package dev.tandem.core.internal;

import static dev.tandem.core.EngineFixture.increment;
import static dev.tandem.core.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** A payload counting its references as an off-heap buffer would (the creator holds the first). */
    private static final class Counted implements SharedPayload {
        final AtomicInteger refs = new AtomicInteger(1);

        @Override
        public boolean tryRetain() {
            return refs.getAndUpdate(n -> n > 0 ? n + 1 : n) > 0;
        }

        @Override
        public void release() {
            assertThat(refs.decrementAndGet()).as("released more often than retained").isNotNegative();
        }
    }

    private static StreamChunk chunk(long seq, boolean snapshot, Counted payload) {
        return new StreamChunk(seq, snapshot, payload, 100);
    }

    @Test
    void should_hold_a_reference_to_shared_payloads_while_it_keeps_them_and_give_each_back_once() {
        StreamLogBudget node = new StreamLogBudget(2 * (100 + OVERHEAD));
        StreamLog log = new StreamLog(10_000, node);
        Counted first = new Counted();
        Counted second = new Counted();
        log.append(chunk(1, true, first));
        log.append(chunk(2, false, second));
        assertThat(first.refs).hasValue(2);
        assertThat(second.refs).hasValue(2);

        Counted next = new Counted();
        log.append(chunk(3, true, next)); // a new page: the old chunks are given back
        assertThat(first.refs).hasValue(1);
        assertThat(second.refs).hasValue(1);
        assertThat(next.refs).hasValue(2);

        Counted over = new Counted();
        log.append(chunk(4, false, over));
        Counted full = new Counted();
        log.append(chunk(5, false, full)); // over the node's budget: the log drops, nothing of it is kept
        assertThat(next.refs).hasValue(1);
        assertThat(over.refs).hasValue(1);
        assertThat(full.refs).as("not kept, so not retained").hasValue(1);
        assertThat(node.used()).isZero();

        Counted last = new Counted();
        log.append(chunk(6, true, last));
        log.release(); // the session ended
        assertThat(last.refs).hasValue(1);
        assertThat(node.used()).isZero();
    }

    /**
     * A payload that joins as the page stream's batches do: it carries the seqs of the batches it stands for, and
     * joins into at most {@code limit} of them.
     */
    private static final class Joinable implements SharedPayload {
        final Counted refs = new Counted();
        final List<Long> seqs;
        final int limit;

        Joinable(List<Long> seqs) {
            this(seqs, Integer.MAX_VALUE);
        }

        Joinable(List<Long> seqs, int limit) {
            this.seqs = seqs;
            this.limit = limit;
        }

        @Override
        public boolean tryRetain() {
            return refs.tryRetain();
        }

        @Override
        public void release() {
            refs.release();
        }

        @Override
        public SharedPayload join(List<StreamChunk> run) {
            List<Long> all = new ArrayList<>();
            for (StreamChunk c : run) {
                // A joined payload has the log's reference only; a batch the sender's too.
                assertThat(((Joinable) c.payload()).refs.refs.get()).as("the log holds the run's references").isPositive();
                all.addAll(((Joinable) c.payload()).seqs);
            }
            return all.size() > limit ? null : new Joinable(all, limit);
        }
    }

    @Test
    void should_join_every_run_of_increments_into_the_joined_chunk_before_it_and_give_the_run_back() {
        StreamLogBudget node = new StreamLogBudget(Long.MAX_VALUE);
        StreamLog log = new StreamLog(1_000_000, node);
        Joinable snapshot = new Joinable(List.of(1L));
        log.append(new StreamChunk(1, true, snapshot, 100));
        List<Joinable> increments = new ArrayList<>();
        for (long seq = 2; seq < 2 + 2L * StreamLog.JOIN_RUN + 3; seq++) {
            Joinable p = new Joinable(List.of(seq));
            increments.add(p);
            log.append(new StreamChunk(seq, false, p, 10));
        }

        List<StreamChunk> chunks = log.chunks();
        // The snapshot, one joined chunk (the first run, grown by the second), the three increments since.
        assertThat(chunks).hasSize(1 + 1 + 3);
        assertThat(chunks.get(0).payload()).isSameAs(snapshot);
        assertThat(chunks).extracting(StreamChunk::seq).containsExactly(1L, 17L, 18L, 19L, 20L);
        assertThat(chunks).extracting(StreamChunk::snapshot).containsExactly(true, false, false, false, false);
        List<Long> replayed = new ArrayList<>();
        chunks.forEach(c -> replayed.addAll(((Joinable) c.payload()).seqs));
        assertThat(replayed).as("every batch, in order").containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
        assertThat(chunks.get(1).size()).as("the sum of the runs' sizes").isEqualTo(2 * StreamLog.JOIN_RUN * 10);
        for (int i = 0; i < increments.size(); i++) {
            assertThat(increments.get(i).refs.refs).as("increment %d", i).hasValue(i < 2 * StreamLog.JOIN_RUN ? 1 : 2);
        }
        assertThat(((Joinable) chunks.get(1).payload()).refs.refs).as("the log's reference only").hasValue(1);
        long expected = 100 + 2 * (StreamLog.JOIN_RUN * 10L) + 3 * 10 + 5L * OVERHEAD;
        assertThat(log.bytes()).isEqualTo(expected);
        assertThat(node.used()).isEqualTo(expected);

        log.release();
        assertThat(((Joinable) chunks.get(1).payload()).refs.refs).hasValue(0);
        assertThat(node.used()).isZero();
    }

    @Test
    void should_start_a_new_joined_chunk_when_the_one_before_may_not_grow() {
        StreamLogBudget node = new StreamLogBudget(Long.MAX_VALUE);
        StreamLog log = new StreamLog(1_000_000, node);
        int limit = 2 * StreamLog.JOIN_RUN; // a joined payload carries two runs at most
        log.append(new StreamChunk(1, true, new Joinable(List.of(1L), limit), 100));
        for (long seq = 2; seq < 2 + 3L * StreamLog.JOIN_RUN; seq++) {
            log.append(new StreamChunk(seq, false, new Joinable(List.of(seq), limit), 10));
        }
        List<StreamChunk> chunks = log.chunks();
        long run = StreamLog.JOIN_RUN;
        assertThat(chunks).extracting(StreamChunk::seq).as("two runs grown into one, the third on its own")
                .containsExactly(1L, 1 + 2 * run, 1 + 3 * run);
        List<Long> replayed = new ArrayList<>();
        chunks.forEach(c -> replayed.addAll(((Joinable) c.payload()).seqs));
        assertThat(replayed).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1 + 3 * run).boxed().toList());
        long expected = 100 + 3 * run * 10 + 3L * OVERHEAD;
        assertThat(log.bytes()).isEqualTo(expected);
        assertThat(node.used()).isEqualTo(expected);
        // The fourth run grows the third's chunk: the one that may not grow is left alone.
        for (long seq = 2 + 3 * run; seq < 2 + 4 * run; seq++) {
            log.append(new StreamChunk(seq, false, new Joinable(List.of(seq), limit), 10));
        }
        assertThat(log.chunks()).extracting(StreamChunk::seq).containsExactly(1L, 1 + 2 * run, 1 + 4 * run);
        log.release();
        assertThat(node.used()).isZero();
    }

    @Test
    void should_keep_increments_as_they_are_when_their_payloads_cannot_be_joined() {
        StreamLog log = new StreamLog(1_000_000, UNLIMITED);
        log.append(chunk(1, true, new Counted()));
        for (long seq = 2; seq < 2 + StreamLog.JOIN_RUN + 1; seq++) {
            log.append(chunk(seq, false, new Counted()));
        }
        assertThat(log.chunks()).hasSize(StreamLog.JOIN_RUN + 2);
        assertThat(log.bytes()).isEqualTo((StreamLog.JOIN_RUN + 2) * (100L + OVERHEAD));
    }

    @Test
    void should_not_log_a_shared_payload_freed_before_it_arrived() {
        StreamLogBudget node = new StreamLogBudget(Long.MAX_VALUE);
        StreamLog log = new StreamLog(10_000, node);
        Counted gone = new Counted();
        gone.release(); // its request was cancelled before the engine got to it

        log.append(chunk(1, true, gone));

        assertThat(log.chunks()).isEmpty();
        assertThat(log.stale()).isTrue();
        assertThat(log.wantsSnapshot()).isTrue();
        assertThat(node.used()).as("nothing reserved for it").isZero();
        assertThat(gone.refs).hasValue(0);
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
