package dev.tandem.core.history;

import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.LeaveReason;
import java.util.Objects;
import java.util.Optional;

/**
 * One fact about a chat's transcript. Each has a natural key — the chat id, plus the member's userId or the
 * message's number — so writing one twice is harmless, in any order.
 */
public sealed interface TranscriptRecord {

    ChatId id();

    /** The chat started (its customer is told by a {@link Joined} of userId 1). */
    record Started(ChatId id, long startTime, Optional<String> subject) implements TranscriptRecord {
        public Started {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** A member entered the chat: the customer at the start, an agent when it accepted or joined. */
    record Joined(ChatId id, int userId, ChatRole role, Optional<String> nickname, long joinTime)
            implements TranscriptRecord {
        public Joined {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(nickname, "nickname");
            requireUserId(userId);
        }
    }

    /** An agent left a chat that went on. */
    record Left(ChatId id, int userId, long leftTime, LeaveReason reason) implements TranscriptRecord {
        public Left {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
            requireUserId(userId);
        }
    }

    /** A message was posted. */
    record Posted(ChatId id, ChatMessage message) implements TranscriptRecord {
        public Posted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The chat ended. */
    record Ended(ChatId id, long endTime, ChatEndReason reason) implements TranscriptRecord {
        public Ended {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
        }
    }

    private static void requireUserId(int userId) {
        if (userId < 1) {
            throw new IllegalArgumentException("userId must be >= 1, got " + userId);
        }
    }
}
