package dev.tandem.core.internal;

import dev.tandem.core.EndReason;
import dev.tandem.core.Member;
import dev.tandem.core.UserToken;
import java.util.Objects;

/** What happened to a session; the session's state is the fold of its events ({@link Evolver}). */
sealed interface SessionEvent {

    record SessionCreated(long creationTime) implements SessionEvent {
    }

    record MemberJoined(Member member, UserToken userToken) implements SessionEvent {
        public MemberJoined {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(userToken, "userToken");
        }
    }

    /** A member came back with its userToken (page load, reconnect). */
    record MemberResumed(int userId) implements SessionEvent {
    }

    /** A member's transport connection is gone; it stays a member and may resume. */
    record MemberOffline(int userId) implements SessionEvent {
    }

    record MemberLeft(int userId) implements SessionEvent {
    }

    record SessionActivated(long activationTime) implements SessionEvent {
    }

    record PageEntered(int sequence, String url, long enteredTimestamp) implements SessionEvent {
        public PageEntered {
            Objects.requireNonNull(url, "url");
        }
    }

    record SessionDeactivated(long deactivationTime, EndReason reason) implements SessionEvent {
        public SessionDeactivated {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
