package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.tandem.core.SessionToken;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.LeaveReason;
import dev.tandem.core.chat.MessageKind;
import dev.tandem.core.history.ChatTranscript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads a chat's partition and builds its {@link ChatTranscript}. */
public final class TranscriptReader {
    private static final Logger log = LoggerFactory.getLogger(TranscriptReader.class);

    /** The chat's transcript, or empty if its start was never stored (or has expired). */
    public Mono<ChatTranscript> find(CqlSession session, Statements statements, ChatId id) {
        return Mono.fromCompletionStage(() -> session.executeAsync(statements.transcripts().select(id)))
                .flatMapMany(TranscriptReader::rows)
                .collectList()
                .flatMap(rows -> Mono.justOrEmpty(toTranscript(id, rows)));
    }

    private static ChatTranscript toTranscript(ChatId id, List<Row> rows) {
        if (rows.isEmpty() || rows.get(0).isNull("start_time")) {
            return null;
        }
        Row facts = rows.get(0);
        List<ChatTranscript.Participant> participants = new ArrayList<>();
        List<ChatMessage> messages = new ArrayList<>(rows.size());
        for (Row row : rows) {
            String type = row.getString("row_type");
            if (TranscriptStatements.MEMBER.equals(type)) {
                participant(id, row).ifPresent(participants::add);
            } else if (TranscriptStatements.MESSAGE.equals(type)) {
                message(id, row).ifPresent(messages::add);
            }
        }
        return new ChatTranscript(id, Optional.ofNullable(facts.getString("subject")),
                facts.getInstant("start_time").toEpochMilli(), optional(facts.getInstant("end_time")),
                Optional.ofNullable(facts.getString("end_reason")).flatMap(ChatEndReason::fromClientReason),
                participants, messages);
    }

    /** A member's row; empty while only its leaving is stored. */
    private static Optional<ChatTranscript.Participant> participant(ChatId id, Row row) {
        Optional<ChatRole> role = Optional.ofNullable(row.getString("role")).flatMap(ChatRole::fromWireName);
        if (role.isEmpty() || row.isNull("joined_time")) {
            return Optional.empty();
        }
        return Optional.of(new ChatTranscript.Participant(row.getInt("n"), role.get(),
                Optional.ofNullable(row.getString("nickname")), row.getInstant("joined_time").toEpochMilli(),
                optional(row.getInstant("left_time")),
                Optional.ofNullable(row.getString("left_reason")).flatMap(LeaveReason::fromWireName)));
    }

    private static Optional<ChatMessage> message(ChatId id, Row row) {
        Optional<MessageKind> kind = Optional.ofNullable(row.getString("message_kind")).flatMap(MessageKind::fromWireName);
        String text = row.getString("text");
        if (kind.isEmpty() || text == null || row.isNull("sent_time")) {
            log.warn("Chat {}: message {} in Cassandra is incomplete; left out of the transcript", id, row.getInt("n"));
            return Optional.empty();
        }
        String token = row.getString("session_token");
        Optional<SessionToken> sessionToken = kind.get() == MessageKind.COBROWSE && token != null
                && SessionToken.isWellFormed(token) ? Optional.of(new SessionToken(token)) : Optional.empty();
        MessageKind k = kind.get() == MessageKind.COBROWSE && sessionToken.isEmpty() ? MessageKind.TEXT : kind.get();
        return Optional.of(new ChatMessage(row.getInt("n"), row.getInt("sender"), k, text, sessionToken,
                row.getInstant("sent_time").toEpochMilli()));
    }

    private static Flux<Row> rows(AsyncResultSet first) {
        return Mono.just(first)
                .expand(rs -> rs.hasMorePages() ? Mono.fromCompletionStage(rs::fetchNextPage) : Mono.empty())
                .concatMapIterable(AsyncResultSet::currentPage);
    }

    private static OptionalLong optional(Instant instant) {
        return instant == null ? OptionalLong.empty() : OptionalLong.of(instant.toEpochMilli());
    }
}
