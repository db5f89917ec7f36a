package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import dev.tandem.core.history.SessionHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a session's partition and builds its {@link SessionHistory}. */
public final class HistoryReader {
    private final LongSupplier clock;

    public HistoryReader(LongSupplier clock) {
        this.clock = clock;
    }

    /** The session's history, or empty if its creation was never stored (or has expired). */
    public Mono<SessionHistory> find(CqlSession session, Statements statements, SessionHistoryId id) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statements.select(id)))
                .flatMapMany(HistoryReader::rows)
                .collectList()
                .flatMap(rows -> Mono.justOrEmpty(toHistory(id, rows)));
    }

    private SessionHistory toHistory(SessionHistoryId id, List<Row> rows) {
        if (rows.isEmpty() || rows.get(0).isNull("session_token")) {
            return null;
        }
        Row facts = rows.get(0);
        List<SessionHistory.Entered> pages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            if (!row.isNull("page")) {
                pages.add(new SessionHistory.Entered(row.getString("url"), millis(row.getInstant("entered_time"))));
            }
        }
        return SessionHistory.of(id, new SessionToken(facts.getString("session_token")),
                millis(facts.getInstant("creation_time")), optional(facts.getInstant("activation_time")),
                optional(facts.getInstant("deactivation_time")), pages, clock.getAsLong());
    }

    private static Flux<Row> rows(AsyncResultSet first) {
        return Mono.just(first)
                .expand(rs -> rs.hasMorePages() ? Mono.fromCompletionStage(rs::fetchNextPage) : Mono.empty())
                .concatMapIterable(AsyncResultSet::currentPage);
    }

    private static long millis(Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli();
    }

    private static OptionalLong optional(Instant instant) {
        return instant == null ? OptionalLong.empty() : OptionalLong.of(instant.toEpochMilli());
    }
}
