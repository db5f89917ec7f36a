package dev.tandem.core.chat.internal;

import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatMember;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.LeaveReason;
import java.util.Objects;
import java.util.Optional;

/** What happened to a chat; its state is the fold of its events ({@link ChatEvolver}). */
sealed interface ChatEvent {

    /** The chat opened, waiting, with its customer. */
    record Started(long startTime, Optional<String> subject, ChatMember customer, UserToken token) implements ChatEvent {
        public Started {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(customer, "customer");
            Objects.requireNonNull(token, "token");
        }
    }

    /** An agent entered. */
    record Joined(ChatMember member, UserToken token, long joinTime) implements ChatEvent {
        public Joined {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(token, "token");
        }
    }

    /** The chat left the waiting list: an agent took it. */
    record Accepted(long time) implements ChatEvent {
    }

    /** The last agent left: the chat is back in the waiting list. */
    record Requeued(long time) implements ChatEvent {
    }

    /** A member came back on a new connection. */
    record Restored(int userId) implements ChatEvent {
    }

    /** A member's connection is gone; it may restore within the offline window. */
    record Offline(int userId) implements ChatEvent {
    }

    /** An agent left a chat that goes on. */
    record Left(int userId, LeaveReason reason, long time) implements ChatEvent {
        public Left {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A message was posted; its sender's latest {@code burst} send times are kept for the rate limit. */
    record Posted(ChatMessage message, int burst) implements ChatEvent {
        public Posted {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A member's typing notice was relayed. */
    record TypingRelayed(int userId, boolean typing, long time) implements ChatEvent {
    }

    record Ended(long endTime, ChatEndReason reason) implements ChatEvent {
        public Ended {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
