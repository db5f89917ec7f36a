package dev.tandem.core.history;

import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import dev.tandem.core.chat.ChatId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * A {@link HistoryStore} and {@link TranscriptStore} in this JVM's memory: for embedding, unit tests and quick
 * trials. <strong>Not durable</strong>: everything is lost when the process ends, and nothing expires, so a
 * long-running server should use the Cassandra store instead.
 */
public final class InMemoryHistoryStore implements HistoryStore, TranscriptStore {
    private final Map<SessionHistoryId, Entry> entries = new ConcurrentHashMap<>();
    private final InMemoryTranscripts transcripts = new InMemoryTranscripts();
    private final LongSupplier clock;

    public InMemoryHistoryStore() {
        this(System::currentTimeMillis);
    }

    /** @param clock "now" in UTC ms, for the running duration of a live session's last page */
    public InMemoryHistoryStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Void> append(HistoryRecord record) {
        return Mono.fromRunnable(() -> entries.computeIfAbsent(record.id(), id -> new Entry()).apply(record));
    }

    @Override
    public Mono<SessionHistory> find(SessionHistoryId id) {
        return Mono.fromSupplier(() -> {
            Entry entry = entries.get(id);
            return entry == null ? null : entry.toHistory(id, clock.getAsLong());
        });
    }

    @Override
    public Mono<Void> append(TranscriptRecord record) {
        return Mono.fromRunnable(() -> transcripts.apply(record));
    }

    @Override
    public Mono<ChatTranscript> find(ChatId id) {
        return Mono.fromSupplier(() -> transcripts.find(id));
    }

    @Override
    public long backlog() {
        return 0;
    }

    @Override
    public Mono<Void> close() {
        return Mono.empty();
    }

    private static final class Entry {
        private SessionToken token;
        private long creationTime;
        private OptionalLong activationTime = OptionalLong.empty();
        private OptionalLong deactivationTime = OptionalLong.empty();
        private final TreeMap<Integer, SessionHistory.Entered> pages = new TreeMap<>();

        synchronized void apply(HistoryRecord record) {
            if (record instanceof HistoryRecord.Created c) {
                token = c.token();
                creationTime = c.creationTime();
            } else if (record instanceof HistoryRecord.Activated a) {
                activationTime = OptionalLong.of(a.activationTime());
            } else if (record instanceof HistoryRecord.PageEntered p) {
                pages.put(p.sequence(), new SessionHistory.Entered(p.url(), p.enteredTimestamp()));
            } else if (record instanceof HistoryRecord.Deactivated d) {
                deactivationTime = OptionalLong.of(d.deactivationTime());
            }
        }

        synchronized SessionHistory toHistory(SessionHistoryId id, long now) {
            if (token == null) {
                return null;
            }
            return SessionHistory.of(id, token, creationTime, activationTime, deactivationTime,
                    new ArrayList<>(pages.values()), now);
        }
    }

    /** Number of sessions held, for tests and diagnostics. */
    public int size() {
        return entries.size();
    }

    /** Number of chat transcripts held, for tests and diagnostics. */
    public int transcriptCount() {
        return transcripts.size();
    }

    List<SessionHistoryId> ids() {
        return List.copyOf(entries.keySet());
    }
}
