package dev.tandem.core.chat;

import dev.tandem.core.UserToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat as one member gets it when it starts, accepts, joins or restores: who it is in the chat, the chat's state
 * and the messages it has not seen.
 *
 * @param chatId    the chat
 * @param userToken the member's credential: it restores the chat after a page load and signs every request
 * @param userId    the member's number in the chat
 * @param role      the member's role
 * @param phase     waiting or active
 * @param subject   the customer's subject, if given
 * @param startTime when the chat started, UTC ms
 * @param members   every current member (this one included), in join order
 * @param messages  the messages after the {@code since} of a restore (all of them otherwise), in order
 */
public record ChatView(ChatId chatId, UserToken userToken, int userId, ChatRole role, ChatPhase phase,
                       Optional<String> subject, long startTime, List<ChatMember> members, List<ChatMessage> messages) {
    public ChatView {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(userToken, "userToken");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(subject, "subject");
        members = List.copyOf(members);
        messages = List.copyOf(messages);
    }
}
