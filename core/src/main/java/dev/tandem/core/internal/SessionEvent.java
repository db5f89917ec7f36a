package dev.tandem.core.internal;

import dev.tandem.core.EndReason;
import dev.tandem.core.Member;
import dev.tandem.core.Role;
import dev.tandem.core.StreamChunk;
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

    /** The master published a batch of its page stream; it changes no {@link SessionState}, only the log. */
    record ChunkStreamed(StreamChunk chunk) implements SessionEvent {
        public ChunkStreamed {
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /**
     * The agent {@code userId} needs the current page (it joined, resumed or asked to resync): it gets the
     * log replayed, or the master is asked for a snapshot. Changes no {@link SessionState}.
     */
    record ReplayRequested(int userId) implements SessionEvent {
    }

    /** A member sent a control message; live only, changes no {@link SessionState}. */
    record ControlSent(int from, Role role, Object payload) implements SessionEvent {
        public ControlSent {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(payload, "payload");
        }
    }

    record SessionDeactivated(long deactivationTime, EndReason reason) implements SessionEvent {
        public SessionDeactivated {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
