package dev.tandem.core.history;

import dev.tandem.core.chat.ChatId;
import reactor.core.publisher.Mono;

/**
 * Where chat transcripts are kept (SPI), beside the co-browse session history: the stores Tandem ships implement
 * both {@link HistoryStore} and this, on the same backlog, connection and retention. The chat engine appends
 * {@link TranscriptRecord}s as chats live and never waits for them: {@link #append} must return at once and never
 * block the calling thread.
 *
 * <p>The guarantees are {@link HistoryStore}'s: every record carries its own key (the chat id, plus the member's
 * userId or the message's number), so appending one twice has the effect of once and implementations may retry
 * freely; a store that cannot write right away keeps the record in a bounded buffer and retries, and never drops
 * one silently.
 *
 * <p>Every implementation runs {@code TranscriptStoreConformance} (in this module's test-jar).
 */
public interface TranscriptStore {

    /** Stores {@code record} (idempotent). Completes when stored or accepted for a retried write. */
    Mono<Void> append(TranscriptRecord record);

    /** The transcript of one chat, or empty for an unknown or expired id (or one whose start was never stored). */
    Mono<ChatTranscript> find(ChatId id);

    /** Records accepted but not yet durably written (0 for stores that write synchronously). */
    default long backlog() {
        return 0;
    }

    /** Flushes what it can and releases resources. */
    default Mono<Void> close() {
        return Mono.empty();
    }
}
