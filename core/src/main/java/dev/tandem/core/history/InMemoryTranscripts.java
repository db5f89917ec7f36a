package dev.tandem.core.history;

import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.LeaveReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The transcripts of an {@link InMemoryHistoryStore}: one entry per chat, records applied by their keys. */
final class InMemoryTranscripts {
    private final Map<ChatId, Entry> entries = new ConcurrentHashMap<>();

    void apply(TranscriptRecord record) {
        entries.computeIfAbsent(record.id(), id -> new Entry()).apply(record);
    }

    ChatTranscript find(ChatId id) {
        Entry entry = entries.get(id);
        return entry == null ? null : entry.toTranscript(id);
    }

    int size() {
        return entries.size();
    }

    private static final class Entry {
        private boolean started;
        private long startTime;
        private Optional<String> subject = Optional.empty();
        private OptionalLong endTime = OptionalLong.empty();
        private Optional<ChatEndReason> endReason = Optional.empty();
        private final TreeMap<Integer, Member> members = new TreeMap<>();
        private final TreeMap<Integer, ChatMessage> messages = new TreeMap<>();

        synchronized void apply(TranscriptRecord record) {
            if (record instanceof TranscriptRecord.Started s) {
                started = true;
                startTime = s.startTime();
                subject = s.subject();
            } else if (record instanceof TranscriptRecord.Joined j) {
                Member m = members.computeIfAbsent(j.userId(), k -> new Member());
                m.role = j.role();
                m.nickname = j.nickname();
                m.joinTime = j.joinTime();
            } else if (record instanceof TranscriptRecord.Left l) {
                Member m = members.computeIfAbsent(l.userId(), k -> new Member());
                m.leftTime = OptionalLong.of(l.leftTime());
                m.leftReason = Optional.of(l.reason());
            } else if (record instanceof TranscriptRecord.Posted p) {
                messages.put(p.message().seq(), p.message());
            } else if (record instanceof TranscriptRecord.Ended e) {
                endTime = OptionalLong.of(e.endTime());
                endReason = Optional.of(e.reason());
            }
        }

        synchronized ChatTranscript toTranscript(ChatId id) {
            if (!started) {
                return null;
            }
            List<ChatTranscript.Participant> participants = new ArrayList<>(members.size());
            members.forEach((userId, m) -> {
                if (m.role != null) {
                    participants.add(new ChatTranscript.Participant(userId, m.role, m.nickname, m.joinTime,
                            m.leftTime, m.leftReason));
                }
            });
            return new ChatTranscript(id, subject, startTime, endTime, endReason, participants,
                    new ArrayList<>(messages.values()));
        }
    }

    private static final class Member {
        ChatRole role;
        Optional<String> nickname = Optional.empty();
        long joinTime;
        OptionalLong leftTime = OptionalLong.empty();
        Optional<LeaveReason> leftReason = Optional.empty();
    }
}
