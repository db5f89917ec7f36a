package dev.tandem.core.internal;

import dev.tandem.core.internal.SessionEvent.ChunkStreamed;
import dev.tandem.core.internal.SessionEvent.ControlSent;
import dev.tandem.core.internal.SessionEvent.MemberJoined;
import dev.tandem.core.internal.SessionEvent.MemberLeft;
import dev.tandem.core.internal.SessionEvent.MemberOffline;
import dev.tandem.core.internal.SessionEvent.MemberResumed;
import dev.tandem.core.internal.SessionEvent.PageEntered;
import dev.tandem.core.internal.SessionEvent.ReplayRequested;
import dev.tandem.core.internal.SessionEvent.SessionActivated;
import dev.tandem.core.internal.SessionEvent.SessionCreated;
import dev.tandem.core.internal.SessionEvent.SessionDeactivated;
import dev.tandem.core.internal.SessionState.MemberState;
import dev.tandem.core.internal.SessionState.Phase;
import dev.tandem.core.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** {@code evolve(state, event) → state}: pure, total, no effects. */
final class Evolver {
    private Evolver() {
    }

    static SessionState evolve(SessionState s, SessionEvent event) {
        // The page stream's events leave the state as it is (the log is the actor's projection): checked
        // first, as they are by far the most frequent.
        if (event instanceof ChunkStreamed || event instanceof ControlSent || event instanceof ReplayRequested) {
            return s;
        }
        if (event instanceof SessionCreated e) {
            return new SessionState(Phase.CREATED, s.token(), s.historyId(), e.creationTime(), s.activationTime(),
                    s.deactivationTime(), s.endReason(), s.members(), s.nextUserId(), s.pageCount(), s.masterOfflineEpoch());
        }
        if (event instanceof MemberJoined e) {
            List<MemberState> members = new ArrayList<>(s.members());
            members.add(new MemberState(e.member(), e.userToken(), true));
            return new SessionState(s.phase(), s.token(), s.historyId(), s.creationTime(), s.activationTime(),
                    s.deactivationTime(), s.endReason(), members, Math.max(s.nextUserId(), e.member().userId() + 1),
                    s.pageCount(), s.masterOfflineEpoch());
        }
        if (event instanceof MemberResumed e) {
            return withMembers(s, update(s.members(), e.userId(), m -> m.withOnline(true)), s.masterOfflineEpoch());
        }
        if (event instanceof MemberOffline e) {
            boolean master = s.member(e.userId()).map(m -> m.role() == Role.MASTER).orElse(false);
            return withMembers(s, update(s.members(), e.userId(), m -> m.withOnline(false)),
                    master ? s.masterOfflineEpoch() + 1 : s.masterOfflineEpoch());
        }
        if (event instanceof MemberLeft e) {
            List<MemberState> members = new ArrayList<>(s.members());
            members.removeIf(m -> m.userId() == e.userId());
            return withMembers(s, members, s.masterOfflineEpoch());
        }
        if (event instanceof SessionActivated e) {
            return new SessionState(Phase.ACTIVATED, s.token(), s.historyId(), s.creationTime(),
                    OptionalLong.of(e.activationTime()), s.deactivationTime(), s.endReason(), s.members(),
                    s.nextUserId(), s.pageCount(), s.masterOfflineEpoch());
        }
        if (event instanceof PageEntered e) {
            return new SessionState(s.phase(), s.token(), s.historyId(), s.creationTime(), s.activationTime(),
                    s.deactivationTime(), s.endReason(), s.members(), s.nextUserId(),
                    Math.max(s.pageCount(), e.sequence() + 1), s.masterOfflineEpoch());
        }
        if (event instanceof SessionDeactivated e) {
            return new SessionState(Phase.ENDED, s.token(), s.historyId(), s.creationTime(), s.activationTime(),
                    OptionalLong.of(e.deactivationTime()), Optional.of(e.reason()), s.members(), s.nextUserId(),
                    s.pageCount(), s.masterOfflineEpoch());
        }
        throw new IllegalArgumentException("Unknown event " + event);
    }

    static SessionState evolveAll(SessionState state, List<SessionEvent> events) {
        SessionState s = state;
        for (SessionEvent event : events) {
            s = evolve(s, event);
        }
        return s;
    }

    private static SessionState withMembers(SessionState s, List<MemberState> members, int masterOfflineEpoch) {
        return new SessionState(s.phase(), s.token(), s.historyId(), s.creationTime(), s.activationTime(),
                s.deactivationTime(), s.endReason(), members, s.nextUserId(), s.pageCount(), masterOfflineEpoch);
    }

    private static List<MemberState> update(List<MemberState> members, int userId, UnaryOperator<MemberState> change) {
        List<MemberState> result = new ArrayList<>(members.size());
        for (MemberState m : members) {
            result.add(m.userId() == userId ? change.apply(m) : m);
        }
        return result;
    }
}
