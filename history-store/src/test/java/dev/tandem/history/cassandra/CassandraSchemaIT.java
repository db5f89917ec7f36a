package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the store creates and migrates at start-up, read back from {@code system_schema}. */
class CassandraSchemaIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final AtomicInteger KEYSPACES = new AtomicInteger();
    private static CqlSession cql;

    @BeforeAll
    static void connect() {
        cql = CassandraNode.session();
    }

    @AfterAll
    static void disconnect() {
        cql.close();
    }

    @Test
    void should_create_keyspace_table_and_version_when_store_starts_on_empty_cluster() {
        String keyspace = freshKeyspace();

        startAndClose(CassandraNode.storeOptions().toBuilder().keyspace(keyspace).build());

        Row ks = cql.execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace).one();
        assertThat(ks).isNotNull();
        assertThat(ks.getMap("replication", String.class, String.class))
                .containsEntry("class", "org.apache.cassandra.locator.SimpleStrategy")
                .containsEntry("replication_factor", "1");

        Row table = table(keyspace);
        assertThat(table.getInt("default_time_to_live")).isEqualTo(14 * 24 * 3600);
        assertThat(table.getInt("gc_grace_seconds")).isEqualTo(3 * 3600);
        Map<String, String> compaction = table.getMap("compaction", String.class, String.class);
        assertThat(compaction.get("class")).endsWith("TimeWindowCompactionStrategy");
        assertThat(compaction).containsEntry("compaction_window_unit", "HOURS").containsEntry("compaction_window_size", "14");

        assertThat(cql.execute("SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                keyspace, "session_history").all())
                .extracting(r -> r.getString("column_name") + ":" + r.getString("kind"))
                .contains("id:partition_key", "page:clustering", "session_token:static", "creation_time:static",
                        "activation_time:static", "deactivation_time:static", "url:regular", "entered_time:regular");

        Row version = cql.execute("SELECT version FROM " + keyspace + ".schema_version WHERE component = 'history'").one();
        assertThat(version).isNotNull();
        assertThat(version.getInt("version")).isEqualTo(1);
    }

    @Test
    void should_change_default_ttl_and_window_when_retention_changes() {
        String keyspace = freshKeyspace();
        CassandraOptions options = CassandraNode.storeOptions().toBuilder().keyspace(keyspace).build();
        startAndClose(options);

        startAndClose(options.toBuilder().retention(Duration.ofDays(2)).build());

        Row table = table(keyspace);
        assertThat(table.getInt("default_time_to_live")).isEqualTo(2 * 24 * 3600);
        assertThat(table.getMap("compaction", String.class, String.class)).containsEntry("compaction_window_size", "2");
    }

    @Test
    void should_leave_schema_as_is_when_store_starts_again() {
        String keyspace = freshKeyspace();
        CassandraOptions options = CassandraNode.storeOptions().toBuilder().keyspace(keyspace).build();
        startAndClose(options);
        java.util.UUID before = cql.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace, "session_history").one().getUuid("id");

        startAndClose(options);

        assertThat(cql.execute("SELECT id FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                keyspace, "session_history").one().getUuid("id")).isEqualTo(before);
    }

    private static void startAndClose(CassandraOptions options) {
        CassandraHistoryStore store = CassandraHistoryStore.builder().options(options).start();
        try {
            store.whenConnected().block(DEADLINE);
        } finally {
            store.close().block(DEADLINE);
        }
    }

    private static Row table(String keyspace) {
        Row row = cql.execute("SELECT default_time_to_live, gc_grace_seconds, compaction FROM system_schema.tables "
                + "WHERE keyspace_name = ? AND table_name = ?", keyspace, "session_history").one();
        assertThat(row).as("table %s.session_history", keyspace).isNotNull();
        return row;
    }

    private static String freshKeyspace() {
        return "tandem_schema_" + ProcessHandle.current().pid() + "_" + KEYSPACES.incrementAndGet();
    }
}
