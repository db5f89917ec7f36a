package dev.tandem.core.chat.internal;

import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMember;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatPhase;
import dev.tandem.core.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One chat's state, immutable; only {@link ChatEvolver} makes new ones.
 *
 * @param members         current members in join order (agents that left are gone)
 * @param messages        the transcript, by number (message {@code n} at index {@code n - 1})
 * @param transcriptChars the characters of all messages together
 * @param nextUserId      the userId the next agent gets (never reused)
 * @param waitEpoch       counts the chat's entries into the waiting list, so a stale wait timer is recognised
 */
record ChatState(ChatId id, Phase phase, Optional<String> subject, long startTime, OptionalLong endTime,
                 Optional<ChatEndReason> endReason, List<MemberState> members, List<ChatMessage> messages,
                 int transcriptChars, int nextUserId, long waitingSince, int waitEpoch) {

    enum Phase {
        /** Registered under its id but not yet opened by {@link ChatCommand.Start}: invisible to others. */
        PENDING,
        WAITING,
        ACTIVE,
        ENDED;

        ChatPhase visible() {
            return switch (this) {
                case PENDING, WAITING -> ChatPhase.WAITING;
                case ACTIVE -> ChatPhase.ACTIVE;
                case ENDED -> ChatPhase.ENDED;
            };
        }
    }

    /**
     * A member as the chat knows it.
     *
     * @param offlineEpoch counts its disconnections, so a stale offline timer is recognised
     * @param typing       whether the others were last told it is typing (a message of its own ends it)
     * @param typingTime   when a typing notice of its was last relayed
     * @param recentSends  the times of its latest messages, at most {@code messageBurst}, oldest first
     */
    record MemberState(ChatMember member, UserToken token, int offlineEpoch, boolean typing, long typingTime,
                       List<Long> recentSends) {
        MemberState {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(token, "token");
            recentSends = List.copyOf(recentSends);
        }

        static MemberState joined(ChatMember member, UserToken token) {
            return new MemberState(member, token, 0, false, Long.MIN_VALUE, List.of());
        }

        int userId() {
            return member.userId();
        }

        ChatRole role() {
            return member.role();
        }

        boolean online() {
            return member.online();
        }
    }

    ChatState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(endTime, "endTime");
        Objects.requireNonNull(endReason, "endReason");
        members = List.copyOf(members);
        messages = List.copyOf(messages);
    }

    static ChatState pending(ChatId id) {
        return new ChatState(id, Phase.PENDING, Optional.empty(), 0, OptionalLong.empty(), Optional.empty(),
                List.of(), List.of(), 0, 1, 0, 0);
    }

    boolean isOpen() {
        return phase == Phase.WAITING || phase == Phase.ACTIVE;
    }

    Optional<MemberState> member(UserToken token) {
        for (MemberState m : members) {
            if (m.token().equals(token)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    Optional<MemberState> member(int userId) {
        for (MemberState m : members) {
            if (m.userId() == userId) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    Optional<MemberState> customer() {
        for (MemberState m : members) {
            if (m.role() == ChatRole.CUSTOMER) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    int agentCount() {
        int n = 0;
        for (MemberState m : members) {
            if (m.role() == ChatRole.AGENT) {
                n++;
            }
        }
        return n;
    }

    /** The public view of every member, in join order. */
    List<ChatMember> publicMembers() {
        List<ChatMember> result = new ArrayList<>(members.size());
        for (MemberState m : members) {
            result.add(m.member());
        }
        return result;
    }

    /** The messages numbered above {@code since}. */
    List<ChatMessage> messagesAfter(int since) {
        return since >= messages.size() ? List.of() : messages.subList(Math.max(0, since), messages.size());
    }
}
