package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.tandem.history.cassandra.CassandraOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The history schema and its start-up migration. Every step is idempotent ({@code IF NOT EXISTS}, upserts),
 * so several servers may start at once.
 *
 * <p>{@code session_history} (version 1), one partition per co-browse session: the session's facts are static
 * columns, each page a clustering row keyed by its sequence number. {@code chat_transcript} (version 2), one
 * partition per chat: the chat's facts are static columns, each member a row ({@code row_type = 'member'}, keyed by
 * userId) and each message a row ({@code 'message'}, keyed by its number). A whole history or transcript is one
 * partition read, and each record is one upsert on its natural key. Retention is each table's default TTL, with
 * TimeWindowCompactionStrategy so that whole expired SSTables are dropped. {@code schema_version} records which
 * migrations ran (a database at version 1 gets the chat table on the next start); retention (TTL and compaction
 * window) is reconciled with the options on every start, for both tables.
 */
public final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** The table holding sessions and their pages. */
    public static final String TABLE = "session_history";
    /** The table holding chat transcripts: facts, members and messages. */
    public static final String CHAT_TABLE = "chat_transcript";
    static final String VERSION_TABLE = "schema_version";
    static final String COMPONENT = "history";
    /** The newest schema version this code writes: 1 session history, 2 chat transcripts. */
    public static final int VERSION = 2;
    /** Tombstones of expired cells are purged after this; the data is write-once and never deleted. */
    static final int GC_GRACE_SECONDS = 3 * 3600;
    /** DDL waits for schema agreement, which is slow on a busy node. */
    static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

    private final CassandraOptions options;

    public Schema(CassandraOptions options) {
        this.options = options;
    }

    /** Creates what is missing, runs pending migrations and reconciles retention. */
    public Mono<Void> migrate(CqlSession session) {
        return ddl(session, createKeyspace())
                .then(ddl(session, "CREATE TABLE IF NOT EXISTS " + qualified(VERSION_TABLE)
                        + " (component text PRIMARY KEY, version int, applied_at timestamp)"))
                .then(currentVersion(session))
                .flatMap(current -> current >= VERSION ? Mono.empty()
                        : Flux.fromIterable(steps()).filter(step -> step.version() > current)
                        .concatMap(step -> ddl(session, step.cql()))
                        .then(query(session, SimpleStatement.newInstance("INSERT INTO " + qualified(VERSION_TABLE)
                                + " (component, version, applied_at) VALUES (?, ?, ?)", COMPONENT, VERSION, Instant.now())))
                        .doOnSuccess(x -> log.info("History schema in keyspace {} migrated from version {} to {}",
                                options.keyspace(), current, VERSION)))
                .then(reconcileRetention(session, TABLE))
                .then(reconcileRetention(session, CHAT_TABLE));
    }

    /** One migration: what version {@code version} adds. */
    record Step(int version, String cql) {
    }

    /** Every migration in order; each is idempotent, so a half-run migration runs again whole. */
    List<Step> steps() {
        return List.of(new Step(1, createTable()), new Step(2, createChatTable()));
    }

    String createKeyspace() {
        String replication = options.replication().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "'" + e.getKey() + "': '" + e.getValue() + "'")
                .collect(Collectors.joining(", ", "{", "}"));
        return "CREATE KEYSPACE IF NOT EXISTS " + options.keyspace() + " WITH replication = " + replication;
    }

    String createTable() {
        return "CREATE TABLE IF NOT EXISTS " + qualified(TABLE) + " ("
                + "id uuid, "
                + "page int, "
                + "session_token text static, "
                + "creation_time timestamp static, "
                + "activation_time timestamp static, "
                + "deactivation_time timestamp static, "
                + "end_reason text static, "
                + "url text, "
                + "entered_time timestamp, "
                + "PRIMARY KEY (id, page)) "
                + "WITH CLUSTERING ORDER BY (page ASC) AND " + retentionClause()
                + " AND comment = 'Tandem co-browse session history (History REST API); expires by default TTL'";
    }

    String createChatTable() {
        return "CREATE TABLE IF NOT EXISTS " + qualified(CHAT_TABLE) + " ("
                + "id uuid, "
                + "row_type text, "
                + "n int, "
                + "start_time timestamp static, "
                + "subject text static, "
                + "end_time timestamp static, "
                + "end_reason text static, "
                + "role text, "
                + "nickname text, "
                + "joined_time timestamp, "
                + "left_time timestamp, "
                + "left_reason text, "
                + "sender int, "
                + "message_kind text, "
                + "text text, "
                + "session_token text, "
                + "sent_time timestamp, "
                + "PRIMARY KEY (id, row_type, n)) "
                + "WITH CLUSTERING ORDER BY (row_type ASC, n ASC) AND " + retentionClause()
                + " AND comment = 'Tandem chat transcripts (GET /rest/history/chats/{id}); expires by default TTL'";
    }

    /** {@code default_time_to_live}, TWCS window and gc_grace for the configured retention. */
    String retentionClause() {
        return "default_time_to_live = " + ttlSeconds()
                + " AND gc_grace_seconds = " + GC_GRACE_SECONDS
                + " AND compaction = {'class': 'TimeWindowCompactionStrategy', "
                + "'compaction_window_unit': 'HOURS', 'compaction_window_size': '" + windowHours() + "'}";
    }

    /** The retention as whole seconds. */
    public int ttlSeconds() {
        return (int) options.retention().toSeconds();
    }

    /** About 24 compaction windows over the retention, at least one hour each. */
    int windowHours() {
        return (int) Math.max(1, (options.retention().toHours() + 23) / 24);
    }

    private Mono<Integer> currentVersion(CqlSession session) {
        return query(session, SimpleStatement.newInstance(
                "SELECT version FROM " + qualified(VERSION_TABLE) + " WHERE component = ?", COMPONENT))
                .flatMap(rs -> {
                    Row row = rs.one();
                    return Mono.justOrEmpty(row == null ? null : row.getInt("version"));
                })
                .defaultIfEmpty(0);
    }

    private Mono<Void> reconcileRetention(CqlSession session, String table) {
        return query(session, SimpleStatement.newInstance("SELECT default_time_to_live, compaction "
                + "FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", options.keyspace(), table))
                .flatMap(rs -> {
                    Row row = rs.one();
                    if (row == null || row.getInt("default_time_to_live") == ttlSeconds()) {
                        return Mono.empty();
                    }
                    log.info("History retention in {}.{} changes from {} s to {} s (existing data keeps its TTL)",
                            options.keyspace(), table, row.getInt("default_time_to_live"), ttlSeconds());
                    return ddl(session, "ALTER TABLE " + qualified(table) + " WITH " + retentionClause());
                });
    }

    private String qualified(String table) {
        return options.keyspace() + "." + table;
    }

    private static Mono<Void> ddl(CqlSession session, String cql) {
        return query(session, SimpleStatement.builder(cql).setTimeout(DDL_TIMEOUT).setIdempotence(true).build()).then();
    }

    private static Mono<AsyncResultSet> query(CqlSession session, SimpleStatement statement) {
        SimpleStatement idempotent = statement.isIdempotent() == Boolean.TRUE ? statement
                : statement.setIdempotent(true);
        return Mono.fromCompletionStage(() -> session.executeAsync(idempotent));
    }
}
