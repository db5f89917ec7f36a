package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Signal;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Many threads at one session. The commands are sent from Reactor's non-blocking threads, so BlockHound
 * (installed for every test) also proves that the engine never blocks.
 */
class SessionEngineConcurrencyTest {
    private static final int JOINERS = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Scheduler threads = Schedulers.newParallel("concurrency-test", 8);
    private final EngineFixture fx = new EngineFixture(SessionOptions.DEFAULT.toBuilder()
            .maxMembers(JOINERS + 1).maxPages(10_000).build());

    @AfterEach
    void stopThreads() {
        threads.dispose();
    }

    /** Waits until {@code condition} holds, failing at the deadline. */
    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private <T> Mono<T> onAThread(Supplier<Mono<T>> command) {
        return Mono.defer(command).subscribeOn(threads);
    }

    @Test
    void should_give_unique_ids_and_consistent_views_when_many_threads_join_one_session() {
        SessionToken token = fx.create().token();
        RecordingParticipant master = new RecordingParticipant();
        fx.join(token, Role.MASTER, master);
        Map<Integer, RecordingParticipant> byIndex = new HashMap<>();
        IntStream.range(0, JOINERS).forEach(i -> byIndex.put(i, new RecordingParticipant()));

        List<Map.Entry<Integer, JoinResult>> joined = Flux.range(0, JOINERS)
                .flatMap(i -> onAThread(() -> fx.engine.join(JoinRequest.of(token, i % 4 == 0 ? Role.CONTROLLER : Role.SLAVE),
                        byIndex.get(i))).map(r -> Map.entry(i, r)), JOINERS)
                .collectList()
                .block(WAIT);

        // A reply comes before the notifications its command causes; a later command to the same
        // actor is answered only after those are delivered, so this find is a barrier.
        fx.engine.find(token).block(WAIT);
        assertThat(joined).hasSize(JOINERS);
        assertThat(joined).extracting(e -> e.getValue().userId())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(2, JOINERS + 1).boxed().toList());
        for (Map.Entry<Integer, JoinResult> e : joined) {
            int id = e.getValue().userId();
            assertThat(e.getValue().users()).extracting(Member::userId)
                    .as("the others of %d are everyone who joined before, in order", id)
                    .containsExactlyElementsOf(IntStream.range(1, id).boxed().toList());
            assertThat(byIndex.get(e.getKey()).received(Notification.UserJoined.class))
                    .extracting(j -> j.member().userId())
                    .as("member %d hears of everyone after it, in order", id)
                    .containsExactlyElementsOf(IntStream.rangeClosed(id + 1, JOINERS + 1).boxed().toList());
            assertThat(byIndex.get(e.getKey()).received(Notification.Activated.class)).hasSize(1);
        }
        assertThat(master.received(Notification.UserJoined.class)).extracting(j -> j.member().userId())
                .containsExactlyElementsOf(IntStream.rangeClosed(2, JOINERS + 1).boxed().toList());
        assertThat(master.received(Notification.Activated.class)).hasSize(1);
        assertThat(fx.engine.find(token).block(WAIT).members()).hasSize(JOINERS + 1);
    }

    @Test
    void should_record_every_page_once_in_sequence_when_many_threads_report_pages() {
        EngineFixture.Trio trio = fx.trio();
        int pages = 500;

        Flux.range(0, pages)
                .flatMap(i -> onAThread(() -> fx.engine.reportPage(trio.masterJoin().userToken(), "https://example.com/" + i)))
                .then()
                .block(WAIT);

        assertThat(fx.history(trio.session().historyId()).pages())
                .extracting(p -> p.url())
                .hasSize(pages)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, pages).mapToObj(i -> "https://example.com/" + i).toList());
    }

    @Test
    void should_keep_order_and_lose_no_batch_for_online_agents_when_threads_stream_while_an_agent_joins() {
        int producers = 4;
        int batches = 500;
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, EngineFixture.snapshot(0, 1_000));
        RecordingParticipant late = new RecordingParticipant();
        Sinks.Empty<Void> startJoin = Sinks.empty();
        Sinks.Empty<Void> joined = Sinks.empty();

        // Producer p sends seq p * batches + 1 … (p + 1) * batches, in order. Producer 0 starts the join after
        // a fifth of its batches; producers 0 and 1 race with it; 2 and 3 send half before it and half after.
        Mono<Void> streams = Flux.range(0, producers).flatMap(p -> onAThread(() -> Flux.range(1, batches)
                .concatMap(i -> {
                    Mono<Void> send = fx.engine.stream(master, EngineFixture.increment((long) p * batches + i, 10));
                    if (p >= 2 && i == batches / 2 + 1) {
                        send = joined.asMono().then(send);
                    }
                    return p == 0 && i == batches / 5 ? send.doOnSuccess(v -> startJoin.tryEmitEmpty()) : send;
                })
                .then()), producers).then();
        Mono<JoinResult> join = startJoin.asMono()
                .then(onAThread(() -> fx.engine.join(JoinRequest.of(trio.token(), Role.SLAVE), late)))
                .doOnSuccess(r -> joined.tryEmitEmpty());
        Mono.when(streams, join).block(WAIT);
        fx.engine.find(trio.token()).block(WAIT);

        List<Long> all = trio.slave().streamed(false);
        assertThat(all).hasSize(1 + producers * batches).doesNotHaveDuplicates().first().isEqualTo(0L);
        for (int p = 0; p < producers; p++) {
            long from = (long) p * batches;
            assertThat(all.stream().filter(seq -> seq > from && seq <= from + batches).toList())
                    .as("producer %d's batches in its order", p)
                    .containsExactlyElementsOf(LongStream.rangeClosed(from + 1, from + batches).boxed().toList());
        }
        assertThat(trio.controller().streamed(false)).containsExactlyElementsOf(all);
        List<Long> replayed = late.streamed(true);
        List<Long> live = late.streamed(false);
        assertThat(replayed).as("the log up to the join").hasSizeGreaterThan(batches / 5).first().isEqualTo(0L);
        assertThat(live).as("the gated producers' second halves").hasSizeGreaterThanOrEqualTo(batches);
        List<Long> seen = new ArrayList<>(replayed);
        seen.addAll(live);
        assertThat(seen).as("the replay, then live, is the whole stream in the session's order").isEqualTo(all);
        assertThat(late.received()).extracting(RecordingParticipant::describe).first().isEqualTo("Activated");
        assertThat(late.received(Notification.Stream.class)).extracting(Notification.Stream::replay)
                .as("every replayed batch before the first live one")
                .isSortedAccordingTo((a, b) -> Boolean.compare(b, a));
        assertThat(trio.master().received(Notification.Stream.class)).isEmpty();
    }

    @Test
    void should_end_cleanly_for_everyone_when_joins_race_with_a_stop() {
        EngineFixture.Trio trio = fx.trio();
        List<RecordingParticipant> participants = new ArrayList<>();
        IntStream.range(0, JOINERS).forEach(i -> participants.add(new RecordingParticipant()));

        Mono<Signal<Object>> stop = onAThread(() -> fx.engine.stop(trio.controllerJoin().userToken()))
                .cast(Object.class).materialize();
        List<Signal<Object>> outcomes = Flux.range(0, JOINERS)
                .flatMapSequential(i -> i == JOINERS / 2 ? stop
                        : onAThread(() -> fx.engine.join(JoinRequest.of(trio.token(), Role.SLAVE), participants.get(i)))
                                .cast(Object.class).materialize(), JOINERS)
                .collectList()
                .block(WAIT);

        // The stop's reply may come before its notifications are delivered on another thread: wait for them.
        await(() -> IntStream.range(0, JOINERS).filter(i -> outcomes.get(i).isOnNext() && i != JOINERS / 2)
                .allMatch(i -> participants.get(i).received().stream().anyMatch(n -> n instanceof Notification.Deactivated)));
        assertThat(outcomes).hasSize(JOINERS).allSatisfy(s -> assertThat(s.isOnNext() || s.isOnError()).isTrue());
        assertThat(outcomes).filteredOn(Signal::isOnError)
                .allSatisfy(s -> assertThat(s.getThrowable()).isInstanceOf(SessionEndedException.class));
        assertThat(outcomes).filteredOn(s -> s.get() instanceof SessionTimes).hasSize(1);
        for (int i = 0; i < JOINERS; i++) {
            if (i == JOINERS / 2) {
                continue;
            }
            boolean joined = outcomes.get(i).isOnNext();
            List<Notification> received = participants.get(i).received();
            if (joined) {
                assertThat(received).last().isInstanceOf(Notification.Deactivated.class);
                assertThat(participants.get(i).received(Notification.Deactivated.class)).hasSize(1);
            } else {
                assertThat(received).isEmpty();
            }
        }
        assertThat(fx.engine.liveSessions()).isZero();
    }

    @Test
    void should_create_distinct_sessions_when_many_threads_create_at_once() {
        int sessions = 300;
        // Real timers here: creating arms the inactivity timer, and the virtual-time scheduler's queue is not
        // meant for non-blocking threads.
        SessionEngine engine = SessionEngine.builder().scheduler(Schedulers.parallel()).build();

        List<CreatedSession> created = Flux.range(0, sessions)
                .flatMap(i -> onAThread(engine::create))
                .collectList()
                .block(WAIT);

        assertThat(created).extracting(CreatedSession::token).doesNotHaveDuplicates().hasSize(sessions);
        assertThat(engine.liveSessions()).isEqualTo(sessions);
        engine.shutdown().block(WAIT);
        assertThat(engine.liveSessions()).isZero();
    }

    @Test
    void should_not_block_when_the_default_secure_random_draws_tokens_on_a_non_blocking_thread() {
        SessionEngine engine = SessionEngine.builder().build();

        JoinResult joined = onAThread(() -> engine.create()
                .flatMap(s -> engine.join(JoinRequest.of(s.token(), Role.MASTER), new RecordingParticipant())))
                .block(WAIT);

        assertThat(joined.userId()).isEqualTo(1);
        engine.shutdown().block(WAIT);
    }
}
