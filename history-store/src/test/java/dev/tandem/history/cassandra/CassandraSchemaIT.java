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

        Row chat = table(keyspace, "chat_transcript");
        assertThat(chat.getInt("default_time_to_live")).isEqualTo(14 * 24 * 3600);
        assertThat(chat.getMap("compaction", String.class, String.class).get("class")).endsWith("TimeWindowCompactionStrategy");
        assertThat(cql.execute("SELECT column_name, kind FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
                keyspace, "chat_transcript").all())
                .extracting(r -> r.getString("column_name") + ":" + r.getString("kind"))
                .contains("id:partition_key", "row_type:clustering", "n:clustering", "start_time:static", "subject:static",
                        "end_time:static", "end_reason:static", "role:regular", "nickname:regular", "text:regular",
                        "session_token:regular", "sent_time:regular");

        assertThat(version(keyspace)).isEqualTo(2);
    }

    @Test
    void should_add_the_chat_table_and_keep_the_history_when_a_version_1_schema_starts_this_store() {
        String keyspace = freshKeyspace();
        CassandraOptions options = CassandraNode.storeOptions().toBuilder().keyspace(keyspace).build();
        // The schema as version 1 of the store left it (history-store/README.md before chat transcripts).
        cql.execute("CREATE KEYSPACE " + keyspace + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}");
        cql.execute("CREATE TABLE " + keyspace + ".schema_version (component text PRIMARY KEY, version int, applied_at timestamp)");
        cql.execute("CREATE TABLE " + keyspace + ".session_history (id uuid, page int, session_token text static, "
                + "creation_time timestamp static, activation_time timestamp static, deactivation_time timestamp static, "
                + "end_reason text static, url text, entered_time timestamp, PRIMARY KEY (id, page)) "
                + "WITH CLUSTERING ORDER BY (page ASC) AND default_time_to_live = 1209600");
        cql.execute("INSERT INTO " + keyspace + ".schema_version (component, version, applied_at) VALUES ('history', 1, toTimestamp(now()))");
        java.util.UUID session = java.util.UUID.randomUUID();
        cql.execute("INSERT INTO " + keyspace + ".session_history (id, page, session_token, url) VALUES (?, 0, '123456789', 'https://a.example/')",
                session);

        startAndClose(options);

        assertThat(version(keyspace)).isEqualTo(2);
        assertThat(table(keyspace, "chat_transcript").getInt("default_time_to_live")).isEqualTo(14 * 24 * 3600);
        assertThat(cql.execute("SELECT url FROM " + keyspace + ".session_history WHERE id = ?", session).one().getString("url"))
                .isEqualTo("https://a.example/");
    }

    @Test
    void should_change_default_ttl_and_window_when_retention_changes() {
        String keyspace = freshKeyspace();
        CassandraOptions options = CassandraNode.storeOptions().toBuilder().keyspace(keyspace).build();
        startAndClose(options);

        startAndClose(options.toBuilder().retention(Duration.ofDays(2)).build());

        for (String name : new String[]{"session_history", "chat_transcript"}) {
            Row table = table(keyspace, name);
            assertThat(table.getInt("default_time_to_live")).as(name).isEqualTo(2 * 24 * 3600);
            assertThat(table.getMap("compaction", String.class, String.class)).as(name).containsEntry("compaction_window_size", "2");
        }
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
        return table(keyspace, "session_history");
    }

    private static Row table(String keyspace, String name) {
        Row row = cql.execute("SELECT default_time_to_live, gc_grace_seconds, compaction FROM system_schema.tables "
                + "WHERE keyspace_name = ? AND table_name = ?", keyspace, name).one();
        assertThat(row).as("table %s.%s", keyspace, name).isNotNull();
        return row;
    }

    private static int version(String keyspace) {
        Row version = cql.execute("SELECT version FROM " + keyspace + ".schema_version WHERE component = 'history'").one();
        assertThat(version).isNotNull();
        return version.getInt("version");
    }

    private static String freshKeyspace() {
        return "tandem_schema_" + ProcessHandle.current().pid() + "_" + KEYSPACES.incrementAndGet();
    }
}
