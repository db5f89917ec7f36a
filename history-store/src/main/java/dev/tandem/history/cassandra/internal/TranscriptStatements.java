package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.history.TranscriptRecord;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The chat transcripts' prepared statements ({@link Schema#CHAT_TABLE}). Every write is an upsert on the record's
 * natural key — chat id, plus ({@code member}, userId) or ({@code message}, number) — marked idempotent. Absent
 * optional values (nickname, subject, session token) are left unset rather than written as null, so no tombstones.
 */
public final class TranscriptStatements {
    /** {@code row_type} of a member's row. */
    static final String MEMBER = "member";
    /** {@code row_type} of a message's row. */
    static final String MESSAGE = "message";

    private final PreparedStatement started;
    private final PreparedStatement joined;
    private final PreparedStatement left;
    private final PreparedStatement posted;
    private final PreparedStatement ended;
    private final PreparedStatement select;

    private TranscriptStatements(PreparedStatement started, PreparedStatement joined, PreparedStatement left,
                                 PreparedStatement posted, PreparedStatement ended, PreparedStatement select) {
        this.started = started;
        this.joined = joined;
        this.left = left;
        this.posted = posted;
        this.ended = ended;
        this.select = select;
    }

    static Mono<TranscriptStatements> prepare(CqlSession session, String keyspace) {
        String table = keyspace + "." + Schema.CHAT_TABLE;
        return Mono.zip(
                        Statements.prepareOne(session, "UPDATE " + table + " SET start_time = ?, subject = ? WHERE id = ?"),
                        Statements.prepareOne(session, "UPDATE " + table + " SET role = ?, nickname = ?, joined_time = ? "
                                + "WHERE id = ? AND row_type = '" + MEMBER + "' AND n = ?"),
                        Statements.prepareOne(session, "UPDATE " + table + " SET left_time = ?, left_reason = ? "
                                + "WHERE id = ? AND row_type = '" + MEMBER + "' AND n = ?"),
                        Statements.prepareOne(session, "UPDATE " + table + " SET sender = ?, message_kind = ?, text = ?, "
                                + "session_token = ?, sent_time = ? WHERE id = ? AND row_type = '" + MESSAGE + "' AND n = ?"),
                        Statements.prepareOne(session, "UPDATE " + table + " SET end_time = ?, end_reason = ? WHERE id = ?"),
                        Statements.prepareOne(session, "SELECT start_time, subject, end_time, end_reason, row_type, n, role, "
                                + "nickname, joined_time, left_time, left_reason, sender, message_kind, text, session_token, "
                                + "sent_time FROM " + table + " WHERE id = ?"))
                .map(t -> new TranscriptStatements(t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), t.getT6()));
    }

    /** The idempotent upsert that stores {@code record}. */
    public BoundStatement write(TranscriptRecord record) {
        BoundStatementBuilder b;
        if (record instanceof TranscriptRecord.Started s) {
            b = started.boundStatementBuilder()
                    .setInstant(0, Instant.ofEpochMilli(s.startTime()))
                    .setUuid(2, s.id().value());
            if (s.subject().isPresent()) {
                b.setString(1, s.subject().get());
            }
        } else if (record instanceof TranscriptRecord.Joined j) {
            b = joined.boundStatementBuilder()
                    .setString(0, j.role().wireName())
                    .setInstant(2, Instant.ofEpochMilli(j.joinTime()))
                    .setUuid(3, j.id().value())
                    .setInt(4, j.userId());
            if (j.nickname().isPresent()) {
                b.setString(1, j.nickname().get());
            }
        } else if (record instanceof TranscriptRecord.Left l) {
            b = left.boundStatementBuilder()
                    .setInstant(0, Instant.ofEpochMilli(l.leftTime()))
                    .setString(1, l.reason().wireName())
                    .setUuid(2, l.id().value())
                    .setInt(3, l.userId());
        } else if (record instanceof TranscriptRecord.Posted p) {
            ChatMessage m = p.message();
            b = posted.boundStatementBuilder()
                    .setInt(0, m.from())
                    .setString(1, m.kind().wireName())
                    .setString(2, m.text())
                    .setInstant(4, Instant.ofEpochMilli(m.time()))
                    .setUuid(5, p.id().value())
                    .setInt(6, m.seq());
            if (m.sessionToken().isPresent()) {
                b.setString(3, m.sessionToken().get().value());
            }
        } else if (record instanceof TranscriptRecord.Ended e) {
            b = ended.boundStatementBuilder()
                    .setInstant(0, Instant.ofEpochMilli(e.endTime()))
                    .setString(1, e.reason().clientReason())
                    .setUuid(2, e.id().value());
        } else {
            throw new IllegalArgumentException("Unknown transcript record " + record);
        }
        return b.setIdempotence(true).build();
    }

    /** Reads one chat's partition: its facts, members by userId, then messages by number. */
    public BoundStatement select(ChatId id) {
        return select.bind(id.value()).setIdempotent(true);
    }
}
