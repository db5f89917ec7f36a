package dev.tandem.core.internal;

import dev.tandem.core.EndReason;
import dev.tandem.core.Member;
import dev.tandem.core.Role;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One session's state, immutable; only {@link Evolver} makes new ones.
 *
 * @param members            current members in join order (members that exited are gone)
 * @param nextUserId         the userId the next new member gets (userIds are never reused)
 * @param pageCount          pages reported so far, which is also the next page's sequence number
 * @param masterOfflineEpoch counts the master's disconnections, so a stale offline timer is recognised
 */
record SessionState(Phase phase, SessionToken token, SessionHistoryId historyId, long creationTime,
                    OptionalLong activationTime, OptionalLong deactivationTime, Optional<EndReason> endReason,
                    List<MemberState> members, int nextUserId, int pageCount, int masterOfflineEpoch) {

    enum Phase {
        /** Registered under its token but not yet opened by {@link Command.Create}: invisible to others. */
        PENDING,
        /** Waiting for its master and first slave. */
        CREATED,
        ACTIVATED,
        /** Deactivated; refuses everything. */
        ENDED
    }

    /** A member as the session knows it: its public view, its credential, whether it is connected. */
    record MemberState(Member member, UserToken userToken, boolean online) {
        MemberState {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(userToken, "userToken");
        }

        int userId() {
            return member.userId();
        }

        Role role() {
            return member.role();
        }

        MemberState withOnline(boolean value) {
            return new MemberState(member, userToken, value);
        }
    }

    SessionState {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(historyId, "historyId");
        Objects.requireNonNull(activationTime, "activationTime");
        Objects.requireNonNull(deactivationTime, "deactivationTime");
        Objects.requireNonNull(endReason, "endReason");
        members = List.copyOf(members);
    }

    static SessionState pending(SessionToken token, SessionHistoryId historyId) {
        return new SessionState(Phase.PENDING, token, historyId, 0, OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), List.of(), 1, 0, 0);
    }

    boolean isOpen() {
        return phase == Phase.CREATED || phase == Phase.ACTIVATED;
    }

    // Plain loops: these run for every command, page-stream batches included, and members are few.

    Optional<MemberState> member(UserToken userToken) {
        for (int i = 0; i < members.size(); i++) {
            MemberState m = members.get(i);
            if (m.userToken().equals(userToken)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    Optional<MemberState> member(int userId) {
        for (int i = 0; i < members.size(); i++) {
            MemberState m = members.get(i);
            if (m.userId() == userId) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    Optional<MemberState> master() {
        for (int i = 0; i < members.size(); i++) {
            MemberState m = members.get(i);
            if (m.role() == Role.MASTER) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    boolean has(Role role) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).role() == role) {
                return true;
            }
        }
        return false;
    }

    /** The public view of every member except {@code userId}, in join order. */
    List<Member> membersExcept(int userId) {
        List<Member> result = new ArrayList<>(members.size());
        for (MemberState m : members) {
            if (m.userId() != userId) {
                result.add(m.member());
            }
        }
        return result;
    }

    List<Member> publicMembers() {
        return membersExcept(0);
    }
}
