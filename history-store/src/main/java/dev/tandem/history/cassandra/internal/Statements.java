package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.TranscriptRecord;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The prepared statements of the store. Every write is an upsert on the record's natural key (session id,
 * plus the page's sequence number) and marked idempotent, so the driver and the writer may retry it. The chat
 * transcripts' are in {@link TranscriptStatements}, prepared with these.
 */
public final class Statements {
    private final TranscriptStatements transcripts;
    private final PreparedStatement created;
    private final PreparedStatement activated;
    private final PreparedStatement page;
    private final PreparedStatement deactivated;
    private final PreparedStatement select;

    private Statements(TranscriptStatements transcripts, PreparedStatement created, PreparedStatement activated,
                       PreparedStatement page, PreparedStatement deactivated, PreparedStatement select) {
        this.transcripts = transcripts;
        this.created = created;
        this.activated = activated;
        this.page = page;
        this.deactivated = deactivated;
        this.select = select;
    }

    /** Prepares every statement against {@code keyspace}'s tables. */
    public static Mono<Statements> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + Schema.TABLE;
        return Mono.zip(
                        prepareOne(session, "UPDATE " + table + " SET session_token = ?, creation_time = ? WHERE id = ?"),
                        prepareOne(session, "UPDATE " + table + " SET activation_time = ? WHERE id = ?"),
                        prepareOne(session, "INSERT INTO " + table + " (id, page, url, entered_time) VALUES (?, ?, ?, ?)"),
                        prepareOne(session, "UPDATE " + table + " SET deactivation_time = ?, end_reason = ? WHERE id = ?"),
                        prepareOne(session, "SELECT session_token, creation_time, activation_time, deactivation_time, page, url, "
                                + "entered_time FROM " + table + " WHERE id = ?"))
                .zipWith(TranscriptStatements.prepare(session, keyspace))
                .map(both -> {
                    var t = both.getT1();
                    return new Statements(both.getT2(), t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5());
                });
    }

    /** The chat transcripts' statements. */
    public TranscriptStatements transcripts() {
        return transcripts;
    }

    /** The idempotent upsert that stores {@code record}: a {@link HistoryRecord} or a {@link TranscriptRecord}. */
    public BoundStatement write(Object record) {
        if (record instanceof HistoryRecord r) {
            return write(r);
        }
        if (record instanceof TranscriptRecord r) {
            return transcripts.write(r);
        }
        throw new IllegalArgumentException("Not a history record: " + record.getClass().getName());
    }

    static Mono<PreparedStatement> prepareOne(CqlSession session, String cql) {
        return Mono.fromCompletionStage(() -> session.prepareAsync(SimpleStatement.builder(cql).setIdempotence(true).build()));
    }

    /** The idempotent upsert that stores {@code record}. */
    public BoundStatement write(HistoryRecord record) {
        BoundStatement bound;
        if (record instanceof HistoryRecord.Created c) {
            bound = created.bind(c.token().value(), Instant.ofEpochMilli(c.creationTime()), c.id().value());
        } else if (record instanceof HistoryRecord.Activated a) {
            bound = activated.bind(Instant.ofEpochMilli(a.activationTime()), a.id().value());
        } else if (record instanceof HistoryRecord.PageEntered p) {
            bound = page.bind(p.id().value(), p.sequence(), p.url(), Instant.ofEpochMilli(p.enteredTimestamp()));
        } else if (record instanceof HistoryRecord.Deactivated d) {
            bound = deactivated.bind(Instant.ofEpochMilli(d.deactivationTime()), d.reason().name(), d.id().value());
        } else {
            throw new IllegalArgumentException("Unknown history record " + record);
        }
        return bound.setIdempotent(true);
    }

    /** Reads one session's partition: its facts and pages in sequence order. */
    public BoundStatement select(SessionHistoryId id) {
        return select.bind(id.value()).setIdempotent(true);
    }
}
