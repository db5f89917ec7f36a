package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SessionEngineJoinTest {
    private final EngineFixture fx = new EngineFixture();

    @Test
    void should_create_session_with_nine_digit_token_and_history_when_created() {
        CreatedSession created = fx.create();

        assertThat(created.token().value()).matches("[0-9]{9}");
        assertThat(created.creationTime()).isEqualTo(EngineFixture.START);
        assertThat(created.historyId().value().version()).isEqualTo(4);
        assertThat(fx.engine.liveSessions()).isEqualTo(1);
        assertThat(fx.history(created.historyId()).creationTime()).isEqualTo(EngineFixture.START);
        assertThat(fx.history(created.historyId()).sessionToken()).isEqualTo(created.token());
    }

    @Test
    void should_not_create_anything_when_create_is_not_subscribed() {
        fx.engine.create();

        assertThat(fx.engine.liveSessions()).isZero();
    }

    @Test
    void should_draw_another_token_when_the_drawn_one_is_live() {
        // The first two draws give the same number; the engine must retry.
        Random colliding = new Random(7) {
            private int calls;

            @Override
            public int nextInt(int bound) {
                calls++;
                return calls <= 2 ? 1234 : super.nextInt(bound);
            }
        };
        EngineFixture rigged = new EngineFixture(SessionOptions.DEFAULT, colliding);

        CreatedSession first = rigged.create();
        CreatedSession second = rigged.create();

        assertThat(first.token().value()).isEqualTo("000001234");
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(rigged.engine.liveSessions()).isEqualTo(2);
    }

    @Test
    void should_number_members_in_join_order_and_list_the_others_when_members_join() {
        SessionToken token = fx.create().token();

        JoinResult master = fx.join(token, Role.MASTER, "John", new RecordingParticipant());
        JoinResult slave = fx.join(token, Role.SLAVE, "Bob", new RecordingParticipant());
        JoinResult controller = fx.join(token, Role.CONTROLLER, "ignored", new RecordingParticipant());

        Member john = new Member(1, Role.MASTER, Optional.of("John"));
        Member bob = new Member(2, Role.SLAVE, Optional.of("Bob"));
        Member plugin = new Member(3, Role.CONTROLLER, Optional.empty());
        assertThat(master.userId()).isEqualTo(1);
        assertThat(master.users()).isEmpty();
        assertThat(slave.userId()).isEqualTo(2);
        assertThat(slave.users()).containsExactly(john);
        assertThat(controller.userId()).isEqualTo(3);
        assertThat(controller.users()).containsExactly(john, bob);
        assertThat(fx.engine.find(token).block(EngineFixture.DEADLINE).members()).containsExactly(john, bob, plugin);
        assertThat(List.of(master, slave, controller)).allSatisfy(r -> {
            assertThat(UserToken.isWellFormed(r.userToken().value())).isTrue();
            assertThat(r.userToken().value()).hasSize(22);
            assertThat(r.historyId()).isEqualTo(master.historyId());
        });
        assertThat(Set.of(master.userToken(), slave.userToken(), controller.userToken())).hasSize(3);
    }

    @Test
    void should_answer_the_joiner_before_telling_anyone_when_a_slave_activates_the_session() {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        SessionToken token = fx.create().token();
        fx.engine.join(JoinRequest.of(token, Role.MASTER), new RecordingParticipant("M", log))
                .subscribe(r -> log.add("M:reply"));
        fx.engine.join(JoinRequest.of(token, Role.CONTROLLER), new RecordingParticipant("C", log))
                .subscribe(r -> log.add("C:reply"));
        fx.engine.join(JoinRequest.of(token, Role.SLAVE), new RecordingParticipant("S", log))
                .subscribe(r -> log.add("S:reply"));

        assertThat(log).containsExactly(
                "M:reply",
                // The controller is the first agent and no page was streamed yet: the master is asked, once.
                "C:reply", "M:UserJoined(2)", "M:SnapshotRequested",
                "S:reply", "M:UserJoined(3)", "C:UserJoined(3)", "M:Activated", "C:Activated", "S:Activated");
    }

    @Test
    void should_activate_with_the_same_time_for_everyone_when_the_master_joins_a_session_with_a_slave() {
        SessionToken token = fx.create().token();
        RecordingParticipant slave = new RecordingParticipant();
        RecordingParticipant master = new RecordingParticipant();
        fx.join(token, Role.SLAVE, slave);
        fx.advance(java.time.Duration.ofSeconds(3));

        JoinResult result = fx.join(token, Role.MASTER, master);

        long activation = EngineFixture.START + 3_000;
        assertThat(result.users()).containsExactly(new Member(1, Role.SLAVE, Optional.empty()));
        assertThat(slave.received()).containsExactly(
                new Notification.UserJoined(new Member(2, Role.MASTER, Optional.empty())),
                new Notification.Activated(activation));
        assertThat(master.received()).containsExactly(new Notification.Activated(activation));
        assertThat(fx.engine.find(token).block(EngineFixture.DEADLINE).activationTime())
                .isEqualTo(OptionalLong.of(activation));
    }

    @Test
    void should_tell_a_late_slave_that_the_session_runs_when_it_joins_an_activated_session() {
        EngineFixture.Trio trio = fx.trio();
        RecordingParticipant second = new RecordingParticipant();

        JoinResult late = fx.join(trio.token(), Role.SLAVE, second);

        assertThat(late.userId()).isEqualTo(4);
        assertThat(second.received()).containsExactly(new Notification.Activated(EngineFixture.START));
        assertThat(trio.master().received(Notification.Activated.class)).hasSize(1);
        assertThat(trio.master().received(Notification.UserJoined.class)).extracting(j -> j.member().userId())
                .containsExactly(2, 3, 4);
    }

    @Test
    void should_refuse_a_second_master_when_the_session_has_one() {
        SessionToken token = fx.create().token();
        RecordingParticipant first = new RecordingParticipant();
        fx.join(token, Role.MASTER, first);

        StepVerifier.create(fx.engine.join(JoinRequest.of(token, Role.MASTER), new RecordingParticipant()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrongRoleException.class)
                        .hasMessageContaining("already has a master"))
                .verify(EngineFixture.DEADLINE);
        assertThat(first.received()).isEmpty();
        assertThat(fx.engine.find(token).block(EngineFixture.DEADLINE).members()).hasSize(1);
    }

    @Test
    void should_accept_several_slaves_and_controllers_when_below_max_members() {
        SessionToken token = fx.create().token();
        fx.join(token, Role.MASTER, new RecordingParticipant());
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ids.add(fx.join(token, Role.SLAVE, new RecordingParticipant()).userId());
            ids.add(fx.join(token, Role.CONTROLLER, new RecordingParticipant()).userId());
        }

        assertThat(ids).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7);
    }

    @Test
    void should_refuse_a_join_when_the_session_has_max_members() {
        EngineFixture small = new EngineFixture(SessionOptions.DEFAULT.toBuilder().maxMembers(2).build());
        SessionToken token = small.create().token();
        small.join(token, Role.MASTER, new RecordingParticipant());
        small.join(token, Role.SLAVE, new RecordingParticipant());

        StepVerifier.create(small.engine.join(JoinRequest.of(token, Role.CONTROLLER), new RecordingParticipant()))
                .expectError(CapacityException.class)
                .verify(EngineFixture.DEADLINE);
    }

    @Test
    void should_refuse_a_join_when_the_token_is_unknown() {
        StepVerifier.create(fx.engine.join(JoinRequest.of(new SessionToken("000000000"), Role.SLAVE),
                        new RecordingParticipant()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnknownSessionException.class)
                        .hasMessageContaining("000000000"))
                .verify(EngineFixture.DEADLINE);
    }

    @Test
    void should_refuse_a_create_when_max_live_sessions_are_live_until_one_ends() {
        EngineFixture two = new EngineFixture(SessionOptions.DEFAULT.toBuilder().maxLiveSessions(2).build());
        two.create();
        EngineFixture.Trio trio = two.trio();

        StepVerifier.create(two.engine.create()).expectError(CapacityException.class).verify(EngineFixture.DEADLINE);

        two.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);
        assertThat(two.create()).isNotNull();
        assertThat(two.engine.liveSessions()).isEqualTo(2);
    }

    @Test
    void should_map_user_tokens_to_their_session_when_joined_and_forget_them_when_ended() {
        EngineFixture.Trio trio = fx.trio();

        assertThat(fx.engine.sessionOf(trio.slaveJoin().userToken())).contains(trio.token());
        assertThat(fx.engine.sessionOf(new UserToken("AAAAAAAAAAAAAAAAAAAAAA"))).isEmpty();

        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        assertThat(fx.engine.sessionOf(trio.slaveJoin().userToken())).isEmpty();
    }

    @Test
    void should_find_nothing_when_the_token_is_unknown() {
        StepVerifier.create(fx.engine.find(new SessionToken("123456789"))).verifyComplete();
    }

    @Test
    void should_resume_with_the_same_identity_and_without_joined_notifications_when_a_member_reloads() {
        EngineFixture.Trio trio = fx.trio();
        RecordingParticipant reloaded = new RecordingParticipant();
        int controllerNotifications = trio.controller().received().size();

        JoinResult again = fx.resume(trio.token(), Role.SLAVE, trio.slaveJoin().userToken(), reloaded);

        assertThat(again.userId()).isEqualTo(2);
        assertThat(again.userToken()).isEqualTo(trio.slaveJoin().userToken());
        assertThat(again.users()).extracting(Member::userId).containsExactly(1, 3);
        assertThat(reloaded.received()).containsExactly(new Notification.Activated(EngineFixture.START));
        assertThat(trio.master().received(Notification.UserJoined.class)).hasSize(2);
        assertThat(trio.controller().received()).hasSize(controllerNotifications);

        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);
        assertThat(reloaded.received(Notification.Deactivated.class)).hasSize(1);
        assertThat(trio.slave().received(Notification.Deactivated.class)).as("the replaced participant").isEmpty();
    }

    @Test
    void should_refuse_a_resume_when_the_user_token_is_not_a_member_or_the_role_differs() {
        EngineFixture.Trio trio = fx.trio();
        EngineFixture.Trio other = fx.trio();

        assertThatThrownBy(() -> fx.resume(trio.token(), Role.SLAVE, other.slaveJoin().userToken(),
                new RecordingParticipant())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> fx.resume(trio.token(), Role.MASTER, trio.slaveJoin().userToken(),
                new RecordingParticipant())).isInstanceOf(WrongRoleException.class).hasMessageContaining("role 2");
        assertThat(fx.engine.find(trio.token()).block(EngineFixture.DEADLINE).members()).hasSize(3);
    }

    @Test
    void should_keep_serving_the_session_when_a_participant_throws() {
        SessionToken token = fx.create().token();
        fx.join(token, Role.MASTER, n -> {
            throw new IllegalStateException("broken transport");
        });
        RecordingParticipant slave = new RecordingParticipant();

        JoinResult result = fx.join(token, Role.SLAVE, slave);

        assertThat(result.userId()).isEqualTo(2);
        assertThat(slave.received()).containsExactly(new Notification.Activated(EngineFixture.START));
        assertThat(fx.join(token, Role.CONTROLLER, new RecordingParticipant()).userId()).isEqualTo(3);
    }
}
