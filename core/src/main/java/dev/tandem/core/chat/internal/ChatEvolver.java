package dev.tandem.core.chat.internal;

import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.internal.ChatState.MemberState;
import dev.tandem.core.chat.internal.ChatState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/** {@code evolve(state, event) → state}: pure, total, no effects. */
final class ChatEvolver {
    private ChatEvolver() {
    }

    static ChatState evolve(ChatState s, ChatEvent event) {
        if (event instanceof ChatEvent.Posted e) {
            ChatMessage m = e.message();
            List<ChatMessage> messages = new ArrayList<>(s.messages().size() + 1);
            messages.addAll(s.messages());
            messages.add(m);
            List<MemberState> members = update(s.members(), m.from(), ms -> new MemberState(ms.member(), ms.token(),
                    ms.offlineEpoch(), false, ms.typingTime(), recent(ms.recentSends(), m.time(), e.burst())));
            return new ChatState(s.id(), s.phase(), s.subject(), s.startTime(), s.endTime(), s.endReason(), members,
                    messages, s.transcriptChars() + m.text().length(), s.nextUserId(), s.waitingSince(), s.waitEpoch());
        }
        if (event instanceof ChatEvent.TypingRelayed e) {
            return withMembers(s, update(s.members(), e.userId(), ms -> new MemberState(ms.member(), ms.token(),
                    ms.offlineEpoch(), e.typing(), e.time(), ms.recentSends())));
        }
        if (event instanceof ChatEvent.Started e) {
            return new ChatState(s.id(), Phase.WAITING, e.subject(), e.startTime(), s.endTime(), s.endReason(),
                    List.of(MemberState.joined(e.customer(), e.token())), s.messages(), s.transcriptChars(),
                    Math.max(s.nextUserId(), e.customer().userId() + 1), e.startTime(), s.waitEpoch() + 1);
        }
        if (event instanceof ChatEvent.Joined e) {
            List<MemberState> members = new ArrayList<>(s.members());
            members.add(MemberState.joined(e.member(), e.token()));
            return new ChatState(s.id(), s.phase(), s.subject(), s.startTime(), s.endTime(), s.endReason(), members,
                    s.messages(), s.transcriptChars(), Math.max(s.nextUserId(), e.member().userId() + 1),
                    s.waitingSince(), s.waitEpoch());
        }
        if (event instanceof ChatEvent.Accepted) {
            return withPhase(s, Phase.ACTIVE, s.waitingSince(), s.waitEpoch());
        }
        if (event instanceof ChatEvent.Requeued e) {
            return withPhase(s, Phase.WAITING, e.time(), s.waitEpoch() + 1);
        }
        if (event instanceof ChatEvent.Restored e) {
            return withMembers(s, update(s.members(), e.userId(), ms -> new MemberState(ms.member().withOnline(true),
                    ms.token(), ms.offlineEpoch(), ms.typing(), ms.typingTime(), ms.recentSends())));
        }
        if (event instanceof ChatEvent.Offline e) {
            return withMembers(s, update(s.members(), e.userId(), ms -> new MemberState(ms.member().withOnline(false),
                    ms.token(), ms.offlineEpoch() + 1, false, ms.typingTime(), ms.recentSends())));
        }
        if (event instanceof ChatEvent.Left e) {
            List<MemberState> members = new ArrayList<>(s.members());
            members.removeIf(m -> m.userId() == e.userId());
            return withMembers(s, members);
        }
        if (event instanceof ChatEvent.Ended e) {
            return new ChatState(s.id(), Phase.ENDED, s.subject(), s.startTime(), OptionalLong.of(e.endTime()),
                    Optional.of(e.reason()), s.members(), s.messages(), s.transcriptChars(), s.nextUserId(),
                    s.waitingSince(), s.waitEpoch());
        }
        throw new IllegalArgumentException("Unknown event " + event);
    }

    static ChatState evolveAll(ChatState state, List<ChatEvent> events) {
        ChatState s = state;
        for (ChatEvent event : events) {
            s = evolve(s, event);
        }
        return s;
    }

    private static ChatState withPhase(ChatState s, Phase phase, long waitingSince, int waitEpoch) {
        return new ChatState(s.id(), phase, s.subject(), s.startTime(), s.endTime(), s.endReason(), s.members(),
                s.messages(), s.transcriptChars(), s.nextUserId(), waitingSince, waitEpoch);
    }

    private static ChatState withMembers(ChatState s, List<MemberState> members) {
        return new ChatState(s.id(), s.phase(), s.subject(), s.startTime(), s.endTime(), s.endReason(), members,
                s.messages(), s.transcriptChars(), s.nextUserId(), s.waitingSince(), s.waitEpoch());
    }

    private static List<MemberState> update(List<MemberState> members, int userId, UnaryOperator<MemberState> change) {
        List<MemberState> result = new ArrayList<>(members.size());
        for (MemberState m : members) {
            result.add(m.userId() == userId ? change.apply(m) : m);
        }
        return result;
    }

    /** {@code times} with {@code time} appended, keeping the latest {@code keep}. */
    private static List<Long> recent(List<Long> times, long time, int keep) {
        List<Long> result = new ArrayList<>(Math.min(times.size() + 1, keep));
        for (int i = Math.max(0, times.size() + 1 - keep); i < times.size(); i++) {
            result.add(times.get(i));
        }
        result.add(time);
        return result;
    }
}
