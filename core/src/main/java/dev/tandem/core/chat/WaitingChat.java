package dev.tandem.core.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * A chat in the waiting list, as agents see it.
 *
 * @param chatId       the chat
 * @param nickname     the customer's nickname, if given
 * @param subject      the customer's subject, if given
 * @param startTime    when the chat started, UTC ms
 * @param waitingSince when it (last) entered the list, UTC ms: its start, or when its last agent left
 */
public record WaitingChat(ChatId chatId, Optional<String> nickname, Optional<String> subject, long startTime,
                          long waitingSince) {
    public WaitingChat {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(subject, "subject");
    }
}
