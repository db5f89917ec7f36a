package dev.tandem.core.chat;

import java.util.Objects;
import java.util.Optional;

/**
 * A customer starts a chat.
 *
 * @param nickname how the agents see the customer, if given (at most {@link ChatOptions#maxNicknameLength()})
 * @param subject  what the chat is about, shown in the waiting list (at most {@link ChatOptions#maxSubjectLength()})
 */
public record ChatStartRequest(Optional<String> nickname, Optional<String> subject) {
    public static final ChatStartRequest ANONYMOUS = new ChatStartRequest(Optional.empty(), Optional.empty());

    public ChatStartRequest {
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(subject, "subject");
    }
}
