package dev.tandem.core.chat;

import java.util.Objects;

/**
 * What the chat engine tells a chat's members; transports render these onto their channels. Members whose
 * connection is down get nothing (they restore, and get the messages they missed in the restore's answer).
 */
public sealed interface ChatNotification {

    /** The chat this is about (one agent's connection may be in several). */
    ChatId chatId();

    /** To the other members: an agent accepted or joined the chat (the customer's "agentConnected"). */
    record Joined(ChatId chatId, ChatMember member) implements ChatNotification {
        public Joined {
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * To the other members: the agent {@code userId} is no longer in the chat. {@code phase} is the chat's after it:
     * {@link ChatPhase#WAITING} when it was the last agent (the chat is back in the waiting list).
     */
    record Left(ChatId chatId, int userId, LeaveReason reason, ChatPhase phase) implements ChatNotification {
        public Left {
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(phase, "phase");
        }
    }

    /** To the other members (the sender has it in its answer): a message was posted. */
    record Message(ChatId chatId, ChatMessage message) implements ChatNotification {
        public Message {
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * To the other members: {@code userId} started or stopped typing. A message from that member also means it
     * stopped; so does its going offline.
     */
    record Typing(ChatId chatId, int userId, boolean typing) implements ChatNotification {
        public Typing {
            Objects.requireNonNull(chatId, "chatId");
        }
    }

    /** To the other members: {@code userId}'s connection went down (page unload) or came back (restore). */
    record Presence(ChatId chatId, int userId, boolean online) implements ChatNotification {
        public Presence {
            Objects.requireNonNull(chatId, "chatId");
        }
    }

    /** To every member: the chat is over. */
    record Ended(ChatId chatId, ChatEndReason reason, long endTime) implements ChatNotification {
        public Ended {
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
