package dev.tandem.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.EndReason;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.Member;
import dev.tandem.core.Role;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SessionToken;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.core.WrongRoleException;
import dev.tandem.core.internal.SessionEvent.ChunkStreamed;
import dev.tandem.core.internal.SessionEvent.ControlSent;
import dev.tandem.core.internal.SessionEvent.MemberJoined;
import dev.tandem.core.internal.SessionEvent.MemberLeft;
import dev.tandem.core.internal.SessionEvent.MemberOffline;
import dev.tandem.core.internal.SessionEvent.MemberResumed;
import dev.tandem.core.internal.SessionEvent.ReplayRequested;
import dev.tandem.core.internal.SessionEvent.SessionActivated;
import dev.tandem.core.internal.SessionEvent.SessionCreated;
import dev.tandem.core.internal.SessionEvent.SessionDeactivated;
import dev.tandem.core.internal.SessionState.Phase;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeciderTest {
    private static final SessionToken TOKEN = new SessionToken("012345678");
    private static final SessionHistoryId ID = new SessionHistoryId(UUID.fromString("83d03970-c959-41e2-857d-082e5f12b9a1"));
    private static final UserToken MASTER = new UserToken("MMMMMMMMMMMMMMMMMMMMMM");
    private static final UserToken SLAVE = new UserToken("SSSSSSSSSSSSSSSSSSSSSS");
    private static final UserToken CONTROLLER = new UserToken("CCCCCCCCCCCCCCCCCCCCCC");
    private static final UserToken NEW = new UserToken("NNNNNNNNNNNNNNNNNNNNNN");

    private final Decider decider = new Decider(SessionOptions.DEFAULT.toBuilder().maxMembers(4).build());

    private static final List<SessionEvent> HISTORY = List.of(
            new SessionCreated(1_000),
            new MemberJoined(new Member(1, Role.MASTER, Optional.of("John")), MASTER),
            new MemberJoined(new Member(2, Role.SLAVE, Optional.of("Bob")), SLAVE),
            new SessionActivated(2_000),
            new MemberJoined(new Member(3, Role.CONTROLLER, Optional.empty()), CONTROLLER),
            new MemberOffline(1));

    private static SessionState active() {
        return Evolver.evolveAll(SessionState.pending(TOKEN, ID), HISTORY);
    }

    private static List<Command> everyCommand() {
        return List.of(new Command.Create(),
                new Command.Join(JoinRequest.of(TOKEN, Role.SLAVE), NEW),
                new Command.Join(JoinRequest.of(TOKEN, Role.MASTER), NEW),
                new Command.Join(new JoinRequest(TOKEN, Role.MASTER, Optional.empty(), Optional.of(MASTER)), NEW),
                new Command.Join(new JoinRequest(TOKEN, Role.SLAVE, Optional.empty(), Optional.of(MASTER)), NEW),
                new Command.Exit(SLAVE), new Command.Exit(MASTER), new Command.Exit(NEW),
                new Command.Stop(CONTROLLER), new Command.Stop(SLAVE),
                new Command.Disconnect(SLAVE), new Command.Disconnect(MASTER),
                new Command.ReportPage(MASTER, "https://example.com/"), new Command.ReportPage(MASTER, "ftp://x"),
                new Command.ReportPage(SLAVE, "https://example.com/"),
                new Command.Stream(MASTER, new StreamChunk(1, true, "page", 4)),
                new Command.Stream(SLAVE, new StreamChunk(1, true, "page", 4)),
                new Command.Stream(MASTER, new StreamChunk(2, false, "page", Integer.MAX_VALUE)),
                new Command.Control(SLAVE, "click", 5), new Command.Control(MASTER, "consent", 7),
                new Command.Control(NEW, "x", 1), new Command.Control(SLAVE, "big", Integer.MAX_VALUE),
                new Command.Resync(SLAVE), new Command.Resync(MASTER),
                new Command.Find(), new Command.Shutdown(),
                new Command.MasterTimeout(1), new Command.MasterTimeout(0), new Command.InactivityTimeout());
    }

    /** Rejections carry exceptions, which compare by identity: compare their kind and text instead. */
    private static Object comparable(Decision d) {
        return d instanceof Decision.Rejected r ? List.of(r.error().getClass(), r.error().getMessage()) : d;
    }

    @Test
    void should_decide_the_same_when_given_the_same_command_state_and_time() {
        for (SessionState state : List.of(SessionState.pending(TOKEN, ID), active(),
                Evolver.evolve(active(), new SessionDeactivated(3_000, EndReason.STOPPED)))) {
            for (Command command : everyCommand()) {
                SessionState copy = Evolver.evolveAll(state, List.of());
                Decision first = decider.decide(command, state, 5_000);
                Decision second = decider.decide(command, state, 5_000);

                assertThat(comparable(second)).as("%s in %s", command, state.phase()).isEqualTo(comparable(first));
                assertThat(state).as("decide leaves the state alone").isEqualTo(copy);
            }
        }
    }

    @Test
    void should_evolve_to_equal_states_when_replaying_the_same_events() {
        SessionState once = Evolver.evolveAll(SessionState.pending(TOKEN, ID), HISTORY);
        SessionState twice = Evolver.evolveAll(SessionState.pending(TOKEN, ID), HISTORY);

        assertThat(twice).isEqualTo(once);
        assertThat(once.phase()).isEqualTo(Phase.ACTIVATED);
        assertThat(once.master().orElseThrow().online()).isFalse();
        assertThat(once.masterOfflineEpoch()).isEqualTo(1);
        assertThat(once.nextUserId()).isEqualTo(4);
    }

    @Test
    void should_never_reuse_a_user_id_when_a_member_leaves() {
        SessionState state = Evolver.evolve(active(), new MemberLeft(3));

        Decision decision = decider.decide(new Command.Join(JoinRequest.of(TOKEN, Role.CONTROLLER), NEW), state, 5_000);

        assertThat(decision).isInstanceOfSatisfying(Decision.Accepted.class, a -> assertThat(a.events())
                .containsExactly(new MemberJoined(new Member(4, Role.CONTROLLER, Optional.empty()), NEW),
                        new ReplayRequested(4)));
    }

    @Test
    void should_ignore_a_stale_master_timer_when_the_master_came_back() {
        SessionState back = Evolver.evolve(active(), new MemberResumed(1));
        SessionState awayAgain = Evolver.evolve(back, new MemberOffline(1));

        assertThat(decider.decide(new Command.MasterTimeout(1), back, 9_000)).isEqualTo(Decision.nothing());
        assertThat(decider.decide(new Command.MasterTimeout(1), awayAgain, 9_000)).isEqualTo(Decision.nothing());
        assertThat(decider.decide(new Command.MasterTimeout(2), awayAgain, 9_000)).isEqualTo(
                Decision.accept(List.of(new SessionDeactivated(9_000, EndReason.MASTER_TIMEOUT)), null));
    }

    @Test
    void should_leave_then_deactivate_when_the_master_exits() {
        Decision decision = decider.decide(new Command.Exit(MASTER), active(), 7_000);

        assertThat(decision).isEqualTo(Decision.accept(
                List.of(new MemberLeft(1), new SessionDeactivated(7_000, EndReason.MASTER_EXITED)), null));
    }

    @Test
    void should_stay_invisible_when_the_session_is_not_yet_created() {
        SessionState pending = SessionState.pending(TOKEN, ID);

        assertThat(decider.decide(new Command.Find(), pending, 0)).isEqualTo(Decision.nothing());
        assertThat(decider.decide(new Command.Shutdown(), pending, 0)).isEqualTo(Decision.nothing());
        assertThat(decider.decide(new Command.Join(JoinRequest.of(TOKEN, Role.SLAVE), NEW), pending, 0))
                .isInstanceOfSatisfying(Decision.Rejected.class,
                        r -> assertThat(r.error()).isInstanceOf(UnknownSessionException.class));
    }

    @Test
    void should_request_the_replay_last_when_a_slave_join_activates_the_session() {
        SessionState masterOnly = Evolver.evolveAll(SessionState.pending(TOKEN, ID), HISTORY.subList(0, 2));

        Decision decision = decider.decide(new Command.Join(JoinRequest.of(TOKEN, Role.SLAVE), NEW), masterOnly, 5_000);

        assertThat(decision).isInstanceOfSatisfying(Decision.Accepted.class, a -> assertThat(a.events()).containsExactly(
                new MemberJoined(new Member(2, Role.SLAVE, Optional.empty()), NEW),
                new SessionActivated(5_000),
                new ReplayRequested(2)));
    }

    @Test
    void should_request_a_replay_when_an_agent_resumes_and_not_when_the_master_resumes() {
        Decision slave = decider.decide(new Command.Join(
                new JoinRequest(TOKEN, Role.SLAVE, Optional.empty(), Optional.of(SLAVE)), NEW), active(), 5_000);
        Decision master = decider.decide(new Command.Join(
                new JoinRequest(TOKEN, Role.MASTER, Optional.empty(), Optional.of(MASTER)), NEW), active(), 5_000);

        assertThat(slave).isInstanceOfSatisfying(Decision.Accepted.class, a -> assertThat(a.events())
                .containsExactly(new MemberResumed(2), new ReplayRequested(2)));
        assertThat(master).isInstanceOfSatisfying(Decision.Accepted.class, a -> assertThat(a.events())
                .containsExactly(new MemberResumed(1)));
    }

    @Test
    void should_accept_a_batch_from_the_master_only_and_within_the_size_limit() {
        StreamChunk chunk = new StreamChunk(7, false, "page", SessionOptions.DEFAULT.maxStreamChunkBytes());
        StreamChunk oversize = new StreamChunk(8, false, "page", SessionOptions.DEFAULT.maxStreamChunkBytes() + 1);

        assertThat(decider.decide(new Command.Stream(MASTER, chunk), active(), 5_000))
                .isEqualTo(Decision.accept(List.of(new ChunkStreamed(chunk)), null));
        assertThat(decider.decide(new Command.Stream(SLAVE, chunk), active(), 5_000)).isInstanceOfSatisfying(
                Decision.Rejected.class, r -> assertThat(r.error()).isInstanceOf(WrongRoleException.class));
        assertThat(decider.decide(new Command.Stream(MASTER, oversize), active(), 5_000)).isInstanceOfSatisfying(
                Decision.Rejected.class, r -> assertThat(r.error()).isInstanceOf(InvalidRequestException.class));
    }

    @Test
    void should_name_the_sender_and_its_role_when_control_is_accepted() {
        assertThat(decider.decide(new Command.Control(CONTROLLER, "navigate", 8), active(), 5_000))
                .isEqualTo(Decision.accept(List.of(new ControlSent(3, Role.CONTROLLER, "navigate")), null));
        assertThat(decider.decide(new Command.Resync(CONTROLLER), active(), 5_000))
                .isEqualTo(Decision.accept(List.of(new ReplayRequested(3)), null));
    }

    @Test
    void should_leave_the_state_as_it_is_when_the_page_stream_flows() {
        SessionState state = active();

        assertThat(Evolver.evolve(state, new ChunkStreamed(new StreamChunk(1, true, "page", 4)))).isSameAs(state);
        assertThat(Evolver.evolve(state, new ControlSent(1, Role.MASTER, "x"))).isSameAs(state);
        assertThat(Evolver.evolve(state, new ReplayRequested(2))).isSameAs(state);
    }
}
