package dev.tandem.core;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A snapshot of a live session's public state.
 *
 * @param token          the session token
 * @param historyId      the history record id
 * @param creationTime   UTC ms
 * @param activationTime UTC ms, empty until activated
 * @param members        current members in join order
 */
public record LiveSession(SessionToken token, SessionHistoryId historyId, long creationTime,
                          OptionalLong activationTime, List<Member> members) {
    public LiveSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(historyId, "historyId");
        Objects.requireNonNull(activationTime, "activationTime");
        members = List.copyOf(members);
    }
}
