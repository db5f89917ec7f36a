package dev.tandem.core;

import static dev.tandem.core.EngineFixture.increment;
import static dev.tandem.core.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The page stream: relay to the agents, the session's log, its replay and its budget. */
class SessionEngineStreamTest {
    private final EngineFixture fx = new EngineFixture();

    private static final Notification SNAPSHOT_REQUESTED = new Notification.SnapshotRequested();

    private static int snapshotRequests(RecordingParticipant participant) {
        return participant.received(Notification.SnapshotRequested.class).size();
    }

    @Test
    void should_relay_batches_in_order_to_the_agents_and_not_to_the_master_when_the_master_streams() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        StreamChunk first = snapshot(1, 100);

        fx.stream(master, first);
        fx.stream(master, increment(2, 10));
        fx.stream(master, increment(3, 10));

        assertThat(trio.slave().streamed(false)).containsExactly(1L, 2L, 3L);
        assertThat(trio.controller().streamed(false)).containsExactly(1L, 2L, 3L);
        assertThat(trio.slave().received(Notification.Stream.class)).first()
                .isEqualTo(new Notification.Stream(first, false));
        assertThat(trio.slave().streamed(true)).isEmpty();
        assertThat(trio.master().received(Notification.Stream.class)).isEmpty();
    }

    @Test
    void should_answer_the_master_before_relaying_when_it_streams() {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        SessionToken token = fx.create().token();
        UserToken master = fx.join(token, Role.MASTER, new RecordingParticipant("M", log)).userToken();
        fx.join(token, Role.SLAVE, new RecordingParticipant("S", log));
        log.clear();

        fx.engine.stream(master, snapshot(1, 10)).subscribe(null, null, () -> log.add("M:reply"));

        assertThat(log).containsExactly("M:reply", "S:Stream(1)");
    }

    @Test
    void should_refuse_a_stream_when_a_slave_or_controller_publishes() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.stream(trio.slaveJoin().userToken(), snapshot(1, 10)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrongRoleException.class)
                        .hasMessageContaining("Only the master"))
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.stream(trio.controllerJoin().userToken(), snapshot(1, 10)))
                .expectError(WrongRoleException.class)
                .verify(EngineFixture.DEADLINE);

        assertThat(trio.slave().received(Notification.Stream.class)).isEmpty();
        assertThat(trio.controller().received(Notification.Stream.class)).isEmpty();
    }

    @Test
    void should_refuse_a_batch_when_it_exceeds_max_stream_chunk_bytes() {
        EngineFixture small = new EngineFixture(SessionOptions.DEFAULT.toBuilder().maxStreamChunkBytes(1_000).build());
        EngineFixture.Trio trio = small.trio();
        UserToken master = trio.masterJoin().userToken();

        StepVerifier.create(small.engine.stream(master, snapshot(1, 1_001)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("1001").hasMessageContaining("1000"))
                .verify(EngineFixture.DEADLINE);
        small.stream(master, snapshot(2, 1_000));

        assertThat(trio.slave().streamed(false)).containsExactly(2L);
    }

    @Test
    void should_refuse_a_stream_when_the_user_token_is_unknown_or_the_session_ended() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        StepVerifier.create(fx.engine.stream(new UserToken("AAAAAAAAAAAAAAAAAAAAAA"), snapshot(1, 10)))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.stream(trio.masterJoin().userToken(), snapshot(1, 10)))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(trio.slave().received(Notification.Stream.class)).isEmpty();
    }

    @Test
    void should_replay_the_log_after_the_join_reply_and_activated_when_a_slave_joins_late() {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        SessionToken token = fx.create().token();
        UserToken master = fx.join(token, Role.MASTER, new RecordingParticipant("M", log)).userToken();
        fx.join(token, Role.CONTROLLER, new RecordingParticipant("C", log));
        fx.stream(master, snapshot(1, 100));
        fx.stream(master, increment(2, 10));
        fx.stream(master, increment(3, 10));
        log.clear();

        fx.engine.join(JoinRequest.of(token, Role.SLAVE), new RecordingParticipant("S", log))
                .subscribe(r -> log.add("S:reply"));
        fx.stream(master, increment(4, 10));

        assertThat(log).containsExactly(
                "S:reply", "M:UserJoined(3)", "C:UserJoined(3)", "M:Activated", "C:Activated", "S:Activated",
                "S:Stream(1,replay)", "S:Stream(2,replay)", "S:Stream(3,replay)",
                "C:Stream(4)", "S:Stream(4)");
    }

    @Test
    void should_replay_the_log_after_activated_when_an_agent_joins_an_activated_session() {
        EngineFixture.Trio trio = fx.trio();
        fx.stream(trio.masterJoin().userToken(), snapshot(1, 100));
        fx.stream(trio.masterJoin().userToken(), increment(2, 10));
        RecordingParticipant late = new RecordingParticipant();

        fx.join(trio.token(), Role.CONTROLLER, late);

        assertThat(late.received()).extracting(RecordingParticipant::describe)
                .containsExactly("Activated", "Stream(1,replay)", "Stream(2,replay)");
        assertThat(late.received(Notification.Stream.class)).first()
                .satisfies(s -> assertThat(s.chunk().snapshot()).isTrue());
    }

    @Test
    void should_skip_an_offline_slave_and_replay_the_log_when_it_resumes() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, snapshot(1, 100));
        fx.engine.disconnected(trio.slaveJoin().userToken());
        fx.stream(master, increment(2, 10));
        RecordingParticipant reloaded = new RecordingParticipant();

        fx.resume(trio.token(), Role.SLAVE, trio.slaveJoin().userToken(), reloaded);
        fx.stream(master, increment(3, 10));

        assertThat(trio.slave().streamed(false)).as("offline: nothing after the disconnection").containsExactly(1L);
        assertThat(trio.controller().streamed(false)).containsExactly(1L, 2L, 3L);
        assertThat(reloaded.received()).extracting(RecordingParticipant::describe)
                .containsExactly("Activated", "Stream(1,replay)", "Stream(2,replay)", "Stream(3)");
    }

    @Test
    void should_replay_the_log_to_that_agent_only_when_it_resyncs() {
        EngineFixture.Trio trio = fx.trio();
        fx.stream(trio.masterJoin().userToken(), snapshot(1, 100));
        fx.stream(trio.masterJoin().userToken(), increment(2, 10));
        int slaveBefore = trio.slave().received().size();
        int masterBefore = trio.master().received().size();

        StepVerifier.create(fx.engine.resync(trio.controllerJoin().userToken())).verifyComplete();

        assertThat(trio.controller().streamed(true)).containsExactly(1L, 2L);
        assertThat(trio.slave().received()).hasSize(slaveBefore);
        assertThat(trio.master().received()).hasSize(masterBefore);
    }

    @Test
    void should_refuse_a_resync_when_the_master_or_an_unknown_token_asks() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.resync(trio.masterJoin().userToken()))
                .expectError(WrongRoleException.class)
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.resync(new UserToken("AAAAAAAAAAAAAAAAAAAAAA")))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
    }

    @Test
    void should_relay_but_not_log_increments_when_no_snapshot_came_yet() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();

        fx.stream(master, increment(1, 10));
        fx.stream(master, increment(2, 10));
        RecordingParticipant beforeSnapshot = new RecordingParticipant();
        fx.join(trio.token(), Role.SLAVE, beforeSnapshot);
        fx.stream(master, snapshot(3, 100));
        RecordingParticipant afterSnapshot = new RecordingParticipant();
        fx.join(trio.token(), Role.SLAVE, afterSnapshot);

        assertThat(trio.slave().streamed(false)).containsExactly(1L, 2L, 3L);
        assertThat(beforeSnapshot.streamed(true)).isEmpty();
        assertThat(beforeSnapshot.streamed(false)).containsExactly(3L);
        assertThat(afterSnapshot.streamed(true)).containsExactly(3L);
        assertThat(snapshotRequests(trio.master())).as("asked once, when the first agent joined").isEqualTo(1);
    }

    @Test
    void should_restart_the_log_when_a_snapshot_arrives() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, snapshot(1, 100));
        fx.stream(master, increment(2, 10));

        fx.stream(master, snapshot(3, 100));
        fx.stream(master, increment(4, 10));
        RecordingParticipant late = new RecordingParticipant();
        fx.join(trio.token(), Role.SLAVE, late);

        assertThat(late.streamed(true)).containsExactly(3L, 4L);
        assertThat(trio.slave().streamed(false)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void should_ask_once_for_a_snapshot_and_keep_relaying_when_the_log_outgrows_its_budget() {
        // Two 400-byte batches fit a 1000-byte log, whatever the per-batch overhead (< 100); a third does not.
        EngineFixture small = new EngineFixture(SessionOptions.DEFAULT.toBuilder()
                .maxStreamLogBytes(1_000).maxStreamChunkBytes(400).build());
        EngineFixture.Trio trio = small.trio();
        UserToken master = trio.masterJoin().userToken();
        small.stream(master, snapshot(1, 400));
        small.stream(master, increment(2, 400));
        int asked = snapshotRequests(trio.master());

        small.stream(master, increment(3, 400));
        small.stream(master, increment(4, 400));
        small.stream(master, increment(5, 10));
        assertThat(trio.master().received()).last().isEqualTo(SNAPSHOT_REQUESTED);
        RecordingParticipant whileStale = new RecordingParticipant();
        small.join(trio.token(), Role.SLAVE, whileStale);

        assertThat(snapshotRequests(trio.master())).as("asked once, not per batch or join").isEqualTo(asked + 1);
        assertThat(trio.slave().streamed(false)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(whileStale.streamed(true)).as("a stale log is not replayed").isEmpty();

        small.stream(master, snapshot(6, 400));
        small.stream(master, increment(7, 400));
        RecordingParticipant afterSnapshot = new RecordingParticipant();
        small.join(trio.token(), Role.SLAVE, afterSnapshot);
        small.stream(master, increment(8, 400));

        assertThat(afterSnapshot.streamed(true)).containsExactly(6L, 7L);
        assertThat(afterSnapshot.streamed(false)).containsExactly(8L);
        assertThat(whileStale.streamed(false)).containsExactly(6L, 7L, 8L);
        assertThat(snapshotRequests(trio.master())).as("the new log outgrew its budget too").isEqualTo(asked + 2);
    }

    @Test
    void should_ask_the_master_once_for_a_snapshot_when_agents_join_before_any_page() {
        SessionToken token = fx.create().token();
        RecordingParticipant master = new RecordingParticipant();
        fx.join(token, Role.MASTER, master);

        fx.join(token, Role.SLAVE, new RecordingParticipant());
        UserToken controller = fx.join(token, Role.CONTROLLER, new RecordingParticipant()).userToken();
        fx.engine.resync(controller).block(EngineFixture.DEADLINE);

        assertThat(master.received()).extracting(RecordingParticipant::describe)
                .containsExactly("UserJoined(2)", "Activated", "SnapshotRequested", "UserJoined(3)");
    }

    @Test
    void should_replay_without_asking_the_master_when_an_agent_resyncs_and_the_log_has_a_snapshot() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        assertThat(snapshotRequests(trio.master())).isEqualTo(1);
        fx.stream(master, snapshot(1, 100));

        fx.engine.resync(trio.slaveJoin().userToken()).block(EngineFixture.DEADLINE);

        assertThat(snapshotRequests(trio.master())).as("the log can serve a resync").isEqualTo(1);
        assertThat(trio.slave().streamed(true)).containsExactly(1L);
    }

    @Test
    void should_not_ask_for_a_snapshot_when_the_master_is_absent_or_offline() {
        SessionToken token = fx.create().token();
        RecordingParticipant slave = new RecordingParticipant();
        fx.join(token, Role.SLAVE, slave);
        RecordingParticipant master = new RecordingParticipant();
        UserToken masterToken = fx.join(token, Role.MASTER, master).userToken();
        fx.engine.disconnected(masterToken);

        fx.join(token, Role.CONTROLLER, new RecordingParticipant());

        assertThat(snapshotRequests(master)).isZero();
    }

    @Test
    void should_ask_the_resumed_master_again_when_the_log_still_has_no_snapshot() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.engine.disconnected(master);
        RecordingParticipant reloaded = new RecordingParticipant();
        fx.resume(trio.token(), Role.MASTER, master, reloaded);

        fx.stream(master, increment(1, 10));
        fx.stream(master, increment(2, 10));

        assertThat(reloaded.received()).containsExactly(new Notification.Activated(EngineFixture.START),
                SNAPSHOT_REQUESTED);
    }

    @Test
    void should_not_replay_control_messages_when_an_agent_joins_late() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, snapshot(1, 100));
        fx.engine.control(master, "scroll", 6).block(EngineFixture.DEADLINE);
        RecordingParticipant late = new RecordingParticipant();

        fx.join(trio.token(), Role.SLAVE, late);

        assertThat(late.received(Notification.Control.class)).isEmpty();
        assertThat(late.streamed(true)).containsExactly(1L);
        assertThat(trio.slave().received(Notification.Control.class)).hasSize(1);
    }

    @Test
    void should_stop_relaying_when_the_session_ended() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, snapshot(1, 100));

        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        StepVerifier.create(fx.engine.stream(master, increment(2, 10)))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(trio.slave().received()).last().isInstanceOf(Notification.Deactivated.class);
        assertThat(List.of(trio.slave(), trio.controller())).allSatisfy(p -> assertThat(p.streamed(false)).containsExactly(1L));
    }
}
