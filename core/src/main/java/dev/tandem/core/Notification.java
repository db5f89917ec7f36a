package dev.tandem.core;

import java.util.Objects;
import java.util.OptionalLong;

/** What the engine tells a session's members. Transports render these onto their channels. */
public sealed interface Notification {

    /** Sent to everyone already in the session when {@code member} joins. */
    record UserJoined(Member member) implements Notification {
        public UserJoined {
            Objects.requireNonNull(member, "member");
        }
    }

    /** Sent to every member when the session is activated (first slave with the master present). */
    record Activated(long activationTime) implements Notification {
    }

    /**
     * Sent to every member when the session is deactivated; {@code activationTime} is empty for a
     * session that never was activated.
     */
    record Deactivated(OptionalLong activationTime, long deactivationTime, EndReason reason) implements Notification {
        public Deactivated {
            Objects.requireNonNull(activationTime, "activationTime");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
