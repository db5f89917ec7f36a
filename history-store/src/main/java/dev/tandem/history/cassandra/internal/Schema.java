package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.tandem.history.cassandra.CassandraOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The history schema and its start-up migration. Every step is idempotent ({@code IF NOT EXISTS}, upserts),
 * so several servers may start at once.
 *
 * <p>One table, {@code session_history}, one partition per session: the session's facts are static columns,
 * each page a clustering row keyed by its sequence number. A whole history is one partition read, and each
 * {@code HistoryRecord} is one upsert on its natural key. Retention is the table's default TTL, with
 * TimeWindowCompactionStrategy so that whole expired SSTables are dropped. {@code schema_version} records
 * which migrations ran; retention (TTL and compaction window) is reconciled with the options on every start.
 */
public final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** The table holding sessions and their pages. */
    public static final String TABLE = "session_history";
    static final String VERSION_TABLE = "schema_version";
    static final String COMPONENT = "history";
    /** The newest schema version this code writes. */
    public static final int VERSION = 1;
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
                        : ddl(session, createTable())
                        .then(query(session, SimpleStatement.newInstance("INSERT INTO " + qualified(VERSION_TABLE)
                                + " (component, version, applied_at) VALUES (?, ?, ?)", COMPONENT, VERSION, Instant.now())))
                        .doOnSuccess(x -> log.info("History schema in keyspace {} migrated from version {} to {}",
                                options.keyspace(), current, VERSION)))
                .then(reconcileRetention(session));
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

    private Mono<Void> reconcileRetention(CqlSession session) {
        return query(session, SimpleStatement.newInstance("SELECT default_time_to_live, compaction "
                + "FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?", options.keyspace(), TABLE))
                .flatMap(rs -> {
                    Row row = rs.one();
                    if (row == null || row.getInt("default_time_to_live") == ttlSeconds()) {
                        return Mono.empty();
                    }
                    log.info("History retention in {}.{} changes from {} s to {} s (existing data keeps its TTL)",
                            options.keyspace(), TABLE, row.getInt("default_time_to_live"), ttlSeconds());
                    return ddl(session, "ALTER TABLE " + qualified(TABLE) + " WITH " + retentionClause());
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
