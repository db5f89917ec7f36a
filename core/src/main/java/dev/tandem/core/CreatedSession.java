package dev.tandem.core;

import java.util.Objects;

/**
 * A newly created session.
 *
 * @param token        the 9-digit token to share with the agent
 * @param historyId    the history record's id
 * @param creationTime UTC ms
 */
public record CreatedSession(SessionToken token, SessionHistoryId historyId, long creationTime) {
    public CreatedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(historyId, "historyId");
    }
}
