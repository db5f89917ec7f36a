package dev.tandem.core.chat;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and timeouts of the chat engine. Immutable; start from {@link #DEFAULT} and change with
 * {@link #toBuilder()}. Lengths count UTF-16 code units, as JavaScript's {@code String.length} does.
 *
 * <p>Memory: a live chat holds at most {@code 1 + maxAgents} members and its transcript (at most
 * {@code maxMessages} messages of together at most {@code maxTranscriptChars} characters); there are at most
 * {@code maxLiveChats} chats, so the transcripts of a node take at most about
 * {@code maxLiveChats × (2 × maxTranscriptChars + 100 × maxMessages)} bytes (≈ 3.6 GB with the defaults, when every
 * chat is full; a typical chat of 50 short messages takes a few kilobytes).
 *
 * @param maxInterval        how long a member may stay disconnected (page load, navigation, network loss) and still
 *                           restore: then a customer's chat ends with {@link ChatEndReason#CUSTOMER_TIMEOUT}, an
 *                           agent leaves with {@link LeaveReason#TIMEOUT}. Matches co-browse's maxInterval (600 s)
 * @param waitTimeout        how long a chat may wait in the waiting list before it ends with
 *                           {@link ChatEndReason#WAIT_TIMEOUT}
 * @param maxLiveChats       live chats this node accepts; starts beyond fail with a CapacityException
 * @param maxAgents          agents in one chat at once (the customer comes on top)
 * @param maxMessages        messages one chat keeps (and accepts)
 * @param maxTranscriptChars characters of all messages of one chat together
 * @param maxMessageLength   characters of one message
 * @param maxNicknameLength  characters of a nickname
 * @param maxSubjectLength   characters of a subject
 * @param messageBurst       messages one member may send within {@code messageWindow}
 * @param messageWindow      the window of {@code messageBurst}
 * @param maxQueueWatchers   agents' connections watching the waiting list at once
 */
public record ChatOptions(Duration maxInterval, Duration waitTimeout, int maxLiveChats, int maxAgents,
                          int maxMessages, int maxTranscriptChars, int maxMessageLength, int maxNicknameLength,
                          int maxSubjectLength, int messageBurst, Duration messageWindow, int maxQueueWatchers) {

    public static final ChatOptions DEFAULT = new ChatOptions(Duration.ofSeconds(600), Duration.ofSeconds(600),
            10_000, 8, 1_000, 131_072, 4_096, 64, 256, 10, Duration.ofSeconds(10), 10_000);

    public ChatOptions {
        requirePositive(maxInterval, "maxInterval");
        requirePositive(waitTimeout, "waitTimeout");
        requirePositive(messageWindow, "messageWindow");
        requirePositive(maxLiveChats, "maxLiveChats");
        requirePositive(maxAgents, "maxAgents");
        requirePositive(maxMessages, "maxMessages");
        requirePositive(maxTranscriptChars, "maxTranscriptChars");
        requirePositive(maxMessageLength, "maxMessageLength");
        requirePositive(maxNicknameLength, "maxNicknameLength");
        requirePositive(maxSubjectLength, "maxSubjectLength");
        requirePositive(messageBurst, "messageBurst");
        requirePositive(maxQueueWatchers, "maxQueueWatchers");
        if (maxMessageLength > maxTranscriptChars) {
            throw new IllegalArgumentException("maxMessageLength (" + maxMessageLength
                    + ") must not exceed maxTranscriptChars (" + maxTranscriptChars + ")");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requirePositive(int n, String name) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + n);
        }
    }

    /** Builds changed copies of {@link ChatOptions}; {@link #build()} checks the values. */
    public static final class Builder {
        private Duration maxInterval;
        private Duration waitTimeout;
        private int maxLiveChats;
        private int maxAgents;
        private int maxMessages;
        private int maxTranscriptChars;
        private int maxMessageLength;
        private int maxNicknameLength;
        private int maxSubjectLength;
        private int messageBurst;
        private Duration messageWindow;
        private int maxQueueWatchers;

        private Builder(ChatOptions o) {
            maxInterval = o.maxInterval;
            waitTimeout = o.waitTimeout;
            maxLiveChats = o.maxLiveChats;
            maxAgents = o.maxAgents;
            maxMessages = o.maxMessages;
            maxTranscriptChars = o.maxTranscriptChars;
            maxMessageLength = o.maxMessageLength;
            maxNicknameLength = o.maxNicknameLength;
            maxSubjectLength = o.maxSubjectLength;
            messageBurst = o.messageBurst;
            messageWindow = o.messageWindow;
            maxQueueWatchers = o.maxQueueWatchers;
        }

        public Builder maxInterval(Duration v) { maxInterval = v; return this; }
        public Builder waitTimeout(Duration v) { waitTimeout = v; return this; }
        public Builder maxLiveChats(int v) { maxLiveChats = v; return this; }
        public Builder maxAgents(int v) { maxAgents = v; return this; }
        public Builder maxMessages(int v) { maxMessages = v; return this; }
        public Builder maxTranscriptChars(int v) { maxTranscriptChars = v; return this; }
        public Builder maxMessageLength(int v) { maxMessageLength = v; return this; }
        public Builder maxNicknameLength(int v) { maxNicknameLength = v; return this; }
        public Builder maxSubjectLength(int v) { maxSubjectLength = v; return this; }
        public Builder messageBurst(int v) { messageBurst = v; return this; }
        public Builder messageWindow(Duration v) { messageWindow = v; return this; }
        public Builder maxQueueWatchers(int v) { maxQueueWatchers = v; return this; }

        public ChatOptions build() {
            return new ChatOptions(maxInterval, waitTimeout, maxLiveChats, maxAgents, maxMessages, maxTranscriptChars,
                    maxMessageLength, maxNicknameLength, maxSubjectLength, messageBurst, messageWindow, maxQueueWatchers);
        }
    }
}
