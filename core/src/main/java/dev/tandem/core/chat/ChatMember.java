package dev.tandem.core.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * A chat member as the other members see it.
 *
 * @param userId   the member's number within its chat: the customer is 1, agents 2, 3… (never reused in a chat)
 * @param role     customer or agent
 * @param nickname the name it gave, if any
 * @param online   whether its connection is up (false between a page unload and the restore)
 */
public record ChatMember(int userId, ChatRole role, Optional<String> nickname, boolean online) {
    public ChatMember {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(nickname, "nickname");
        if (userId < 1) {
            throw new IllegalArgumentException("userId must be >= 1, got " + userId);
        }
    }

    /** This member with {@code value} as its online flag. */
    public ChatMember withOnline(boolean value) {
        return value == online ? this : new ChatMember(userId, role, nickname, value);
    }
}
