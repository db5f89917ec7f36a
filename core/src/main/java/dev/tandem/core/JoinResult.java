package dev.tandem.core;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a successful join.
 *
 * @param userToken the member's personal credential
 * @param userId    the member's number within the session
 * @param users     the other members already in the session, in join order
 * @param historyId the session's history record id
 */
public record JoinResult(UserToken userToken, int userId, List<Member> users, SessionHistoryId historyId) {
    public JoinResult {
        Objects.requireNonNull(userToken, "userToken");
        users = List.copyOf(users);
        Objects.requireNonNull(historyId, "historyId");
    }
}
