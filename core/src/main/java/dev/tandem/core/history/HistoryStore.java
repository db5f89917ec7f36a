package dev.tandem.core.history;

import dev.tandem.core.SessionHistoryId;
import reactor.core.publisher.Mono;

/**
 * Where session history is kept (SPI). The engine appends {@link HistoryRecord}s as sessions live and
 * never waits for them: {@link #append} must return at once and must never block the calling thread.
 *
 * <p>Every record carries its own key, so appending the same record twice has the effect of once:
 * implementations may retry freely. An implementation that cannot write right away keeps the record in
 * a bounded buffer and retries; it never drops one silently.
 *
 * <p>Every implementation runs {@code HistoryStoreConformance} (in this module's test-jar).
 */
public interface HistoryStore {

    /** Stores {@code record} (idempotent). Completes when stored or accepted for a retried write. */
    Mono<Void> append(HistoryRecord record);

    /** The history of one session, or empty for an unknown or expired id. */
    Mono<SessionHistory> find(SessionHistoryId id);

    /** Records accepted but not yet durably written (0 for stores that write synchronously). */
    default long backlog() {
        return 0;
    }

    /** Flushes what it can and releases resources. */
    default Mono<Void> close() {
        return Mono.empty();
    }
}
