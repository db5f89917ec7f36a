package dev.tandem.core.history;

import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.LeaveReason;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A chat's transcript as stored: who took part when, and every message with its time and sender. A live chat's
 * transcript is returned as it stands ({@code endTime} empty).
 *
 * @param id           the chat
 * @param subject      the customer's subject, if given
 * @param startTime    UTC ms
 * @param endTime      UTC ms, empty while the chat is live
 * @param endReason    why it ended, empty while live
 * @param participants everyone who took part, by userId (the customer is 1)
 * @param messages     every message, by number
 */
public record ChatTranscript(ChatId id, Optional<String> subject, long startTime, OptionalLong endTime,
                             Optional<ChatEndReason> endReason, List<Participant> participants,
                             List<ChatMessage> messages) {
    public ChatTranscript {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(endReason, "endReason");
        participants = List.copyOf(participants);
        messages = List.copyOf(messages);
    }

    /** Whether the chat has ended, so that the transcript is complete. */
    public boolean complete() {
        return endTime.isPresent();
    }

    /**
     * One member of the chat over its time in it. (A member whose leaving is stored but whose joining is not yet —
     * records may be written out of order — is left out until it is.)
     *
     * @param userId     its number in the chat
     * @param role       customer or agent
     * @param nickname   the name it gave, if any
     * @param joinTime   UTC ms
     * @param leftTime   UTC ms when an agent left a chat that went on; empty for members there until the end
     * @param leftReason why it left, with {@code leftTime}
     */
    public record Participant(int userId, ChatRole role, Optional<String> nickname, long joinTime,
                              OptionalLong leftTime, Optional<LeaveReason> leftReason) {
        public Participant {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(nickname, "nickname");
            Objects.requireNonNull(leftTime, "leftTime");
            Objects.requireNonNull(leftReason, "leftReason");
        }
    }
}
