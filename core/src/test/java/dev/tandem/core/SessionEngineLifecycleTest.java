package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SessionEngineLifecycleTest {
    private final EngineFixture fx = new EngineFixture();

    @Test
    void should_deactivate_and_tell_everyone_including_the_controller_when_the_controller_stops() {
        EngineFixture.Trio trio = fx.trio();
        fx.advance(Duration.ofSeconds(30));
        long end = EngineFixture.START + 30_000;

        StepVerifier.create(fx.engine.stop(trio.controllerJoin().userToken()))
                .expectNext(new SessionTimes(OptionalLong.of(EngineFixture.START), end))
                .verifyComplete();

        Notification.Deactivated expected =
                new Notification.Deactivated(OptionalLong.of(EngineFixture.START), end, EndReason.STOPPED);
        assertThat(trio.master().received()).last().isEqualTo(expected);
        assertThat(trio.slave().received()).last().isEqualTo(expected);
        assertThat(trio.controller().received()).last().isEqualTo(expected);
        assertThat(fx.engine.liveSessions()).isZero();
        assertThat(fx.isLive(trio.token())).isFalse();
        assertThat(fx.history(trio.session().historyId()).deactivationTime()).isEqualTo(OptionalLong.of(end));
    }

    @Test
    void should_answer_the_stop_before_the_deactivated_notification_when_the_controller_stops() {
        EngineFixture.Trio trio = fx.trio();
        int before = trio.controller().received().size();
        int[] seenAtReply = new int[1];

        fx.engine.stop(trio.controllerJoin().userToken())
                .subscribe(times -> seenAtReply[0] = trio.controller().received().size());

        assertThat(seenAtReply[0]).isEqualTo(before);
        assertThat(trio.controller().received()).hasSize(before + 1);
    }

    @Test
    void should_run_a_command_sent_from_a_reply_after_the_notifications_of_the_replying_command() {
        CreatedSession created = fx.create();
        fx.join(created.token(), Role.MASTER, new RecordingParticipant());
        UserToken controller = fx.join(created.token(), Role.CONTROLLER, new RecordingParticipant()).userToken();
        RecordingParticipant slave = new RecordingParticipant();

        // The stop is sent while the actor is still busy with the join: it must wait its turn.
        fx.engine.join(JoinRequest.of(created.token(), Role.SLAVE), slave)
                .subscribe(r -> fx.engine.stop(controller).subscribe());

        assertThat(slave.received()).extracting(RecordingParticipant::describe)
                .containsExactly("Activated", "Deactivated(STOPPED)");
    }

    @Test
    void should_refuse_stop_when_a_slave_or_the_master_asks() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.stop(trio.slaveJoin().userToken()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrongRoleException.class)
                        .hasMessageContaining("controller"))
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.stop(trio.masterJoin().userToken()))
                .expectError(WrongRoleException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(fx.isLive(trio.token())).isTrue();
        assertThat(trio.master().received(Notification.Deactivated.class)).isEmpty();
    }

    @Test
    void should_deactivate_and_tell_the_others_when_the_master_exits() {
        EngineFixture.Trio trio = fx.trio();
        int masterNotifications = trio.master().received().size();

        StepVerifier.create(fx.engine.exit(trio.masterJoin().userToken())).verifyComplete();

        Notification.Deactivated expected = new Notification.Deactivated(
                OptionalLong.of(EngineFixture.START), EngineFixture.START, EndReason.MASTER_EXITED);
        assertThat(trio.slave().received()).last().isEqualTo(expected);
        assertThat(trio.controller().received()).last().isEqualTo(expected);
        assertThat(trio.master().received()).hasSize(masterNotifications);
        assertThat(fx.engine.liveSessions()).isZero();
    }

    @Test
    void should_keep_the_session_and_tell_nobody_when_a_slave_exits() {
        EngineFixture.Trio trio = fx.trio();
        int masterNotifications = trio.master().received().size();

        StepVerifier.create(fx.engine.exit(trio.slaveJoin().userToken())).verifyComplete();

        assertThat(fx.isLive(trio.token())).isTrue();
        assertThat(trio.master().received()).hasSize(masterNotifications);
        assertThat(fx.engine.find(trio.token()).block(EngineFixture.DEADLINE).members())
                .extracting(Member::userId).containsExactly(1, 3);
        assertThat(fx.engine.sessionOf(trio.slaveJoin().userToken())).isEmpty();
        StepVerifier.create(fx.engine.exit(trio.slaveJoin().userToken()))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(fx.join(trio.token(), Role.SLAVE, new RecordingParticipant()).userId())
                .as("userIds are never reused").isEqualTo(4);
    }

    @Test
    void should_refuse_a_join_with_session_ended_when_the_session_ended_recently_and_unknown_later() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        StepVerifier.create(fx.engine.join(JoinRequest.of(trio.token(), Role.SLAVE), new RecordingParticipant()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(SessionEndedException.class)
                        .hasMessageContaining("has ended"))
                .verify(EngineFixture.DEADLINE);

        fx.advance(Duration.ofMinutes(10));

        StepVerifier.create(fx.engine.join(JoinRequest.of(trio.token(), Role.SLAVE), new RecordingParticipant()))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
    }

    @Test
    void should_answer_unknown_session_when_a_user_token_is_unknown() {
        UserToken stranger = new UserToken("ZZZZZZZZZZZZZZZZZZZZZZ");
        fx.trio();

        StepVerifier.create(fx.engine.exit(stranger)).expectError(UnknownSessionException.class).verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.stop(stranger)).expectError(UnknownSessionException.class).verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.reportPage(stranger, "https://example.com/"))
                .expectError(UnknownSessionException.class).verify(EngineFixture.DEADLINE);
        fx.engine.disconnected(stranger);
        assertThat(fx.engine.liveSessions()).isEqualTo(1);
    }

    @Test
    void should_answer_unknown_session_when_a_member_of_an_ended_session_sends_a_command() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        StepVerifier.create(fx.engine.stop(trio.controllerJoin().userToken()))
                .expectError(UnknownSessionException.class).verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.reportPage(trio.masterJoin().userToken(), "https://example.com/"))
                .expectError(UnknownSessionException.class).verify(EngineFixture.DEADLINE);
        assertThat(trio.controller().received(Notification.Deactivated.class)).hasSize(1);
    }

    @Test
    void should_tell_every_member_of_every_session_and_refuse_newcomers_when_shutting_down() {
        EngineFixture.Trio one = fx.trio();
        EngineFixture.Trio two = fx.trio();
        RecordingParticipant lonelyMaster = new RecordingParticipant();
        SessionToken waiting = fx.create().token();
        fx.join(waiting, Role.MASTER, lonelyMaster);

        StepVerifier.create(fx.engine.shutdown()).verifyComplete();

        Notification.Deactivated shutdown = new Notification.Deactivated(
                OptionalLong.of(EngineFixture.START), EngineFixture.START, EndReason.SHUTDOWN);
        for (EngineFixture.Trio trio : new EngineFixture.Trio[] {one, two}) {
            assertThat(trio.master().received()).last().isEqualTo(shutdown);
            assertThat(trio.slave().received()).last().isEqualTo(shutdown);
            assertThat(trio.controller().received()).last().isEqualTo(shutdown);
        }
        assertThat(lonelyMaster.received()).containsExactly(
                new Notification.Deactivated(OptionalLong.empty(), EngineFixture.START, EndReason.SHUTDOWN));
        assertThat(fx.engine.liveSessions()).isZero();
        StepVerifier.create(fx.engine.create()).expectError(ShuttingDownException.class).verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.join(JoinRequest.of(one.token(), Role.SLAVE), new RecordingParticipant()))
                .expectError(ShuttingDownException.class).verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.shutdown()).as("a second shutdown is harmless").verifyComplete();
    }
}
