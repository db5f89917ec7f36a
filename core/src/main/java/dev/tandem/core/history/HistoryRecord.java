package dev.tandem.core.history;

import dev.tandem.core.EndReason;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import java.util.Objects;

/**
 * One fact about a session's history. Each has a natural key (the session id, plus the page's sequence
 * number for pages), so writing one twice is harmless.
 */
public sealed interface HistoryRecord {

    SessionHistoryId id();

    /** The session was created. */
    record Created(SessionHistoryId id, SessionToken token, long creationTime) implements HistoryRecord {
        public Created {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(token, "token");
        }
    }

    /** The session was activated (first agent with the master present). */
    record Activated(SessionHistoryId id, long activationTime) implements HistoryRecord {
        public Activated {
            Objects.requireNonNull(id, "id");
        }
    }

    /** The master entered a page; {@code sequence} counts from 0 in visit order. */
    record PageEntered(SessionHistoryId id, int sequence, String url, long enteredTimestamp) implements HistoryRecord {
        public PageEntered {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(url, "url");
            if (sequence < 0) {
                throw new IllegalArgumentException("sequence must be >= 0");
            }
        }
    }

    /** The session was deactivated. */
    record Deactivated(SessionHistoryId id, long deactivationTime, EndReason reason) implements HistoryRecord {
        public Deactivated {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
