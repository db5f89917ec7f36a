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
     * A batch of the customer's page stream, to the agents (slaves and controllers). {@code replay} marks
     * batches from the session's log sent to an agent that joined late, resumed or asked to resync: the
     * first of them is a full snapshot.
     */
    record Stream(StreamChunk chunk, boolean replay) implements Notification {
        public Stream {
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /**
     * A control message (pointer, click, navigation request, write-mode consent…), opaque to the engine:
     * from an agent to the master, or from the master to every agent.
     *
     * @param from    the sender's userId
     * @param role    the sender's role
     * @param payload the transport's encoded form
     */
    record Control(int from, Role role, Object payload) implements Notification {
        public Control {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * To the master: send a new full snapshot (the session's log outgrew its budget, or has none while an
     * agent waits for the page).
     */
    record SnapshotRequested() implements Notification {
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
