package dev.tandem.core.chat;

import java.util.Objects;

/**
 * A change of the waiting list, told to watching agents. Changes are numbered in the order they happened
 * ({@link #seq()}, one sequence per engine); a watcher that listed the queue at {@code seq} s applies the changes
 * numbered above s, in order, and ignores the others.
 */
public sealed interface QueueChange {

    /** This change's number. */
    long seq();

    /** A chat entered the list (it started, or its last agent left). */
    record Added(long seq, WaitingChat chat) implements QueueChange {
        public Added {
            Objects.requireNonNull(chat, "chat");
        }
    }

    /** A chat left the list. */
    record Removed(long seq, ChatId chatId, Cause cause) implements QueueChange {
        public Removed {
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /** Why a chat left the list; {@link #wireName()} is how the wire spells it. */
    enum Cause {
        /** An agent accepted (or joined) it. */
        ACCEPTED("accepted"),
        /** It ended while waiting (the customer left, timed out, nobody came, shutdown). */
        ENDED("ended");

        private final String wireName;

        Cause(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
