package dev.tandem.history.cassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.history.cassandra.CassandraOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

    @Test
    void should_expire_by_default_ttl_with_time_window_compaction_when_retention_is_14_days() {
        Schema schema = new Schema(CassandraOptions.DEFAULT);

        assertThat(schema.ttlSeconds()).isEqualTo(1_209_600);
        assertThat(schema.createTable())
                .startsWith("CREATE TABLE IF NOT EXISTS tandem.session_history (")
                .contains("PRIMARY KEY (id, page)", "session_token text static", "default_time_to_live = 1209600",
                        "'class': 'TimeWindowCompactionStrategy'", "'compaction_window_unit': 'HOURS'",
                        "'compaction_window_size': '14'");
    }

    @Test
    void should_keep_chat_transcripts_in_one_partition_per_chat_with_the_same_retention() {
        Schema schema = new Schema(CassandraOptions.DEFAULT);

        assertThat(schema.createChatTable())
                .startsWith("CREATE TABLE IF NOT EXISTS tandem.chat_transcript (")
                .contains("PRIMARY KEY (id, row_type, n)", "start_time timestamp static", "end_reason text static",
                        "CLUSTERING ORDER BY (row_type ASC, n ASC)", "default_time_to_live = 1209600",
                        "'class': 'TimeWindowCompactionStrategy'");
    }

    @Test
    void should_migrate_in_numbered_steps_up_to_the_current_version() {
        Schema schema = new Schema(CassandraOptions.DEFAULT);

        assertThat(schema.steps()).extracting(Schema.Step::version).containsExactly(1, 2);
        assertThat(schema.steps().get(schema.steps().size() - 1).version()).isEqualTo(Schema.VERSION);
        assertThat(schema.steps().get(1).cql()).isEqualTo(schema.createChatTable());
    }

    @Test
    void should_size_windows_to_about_24_per_retention_when_retention_changes() {
        assertThat(new Schema(CassandraOptions.DEFAULT.toBuilder().retention(Duration.ofHours(3)).build()).windowHours())
                .isEqualTo(1);
        assertThat(new Schema(CassandraOptions.DEFAULT.toBuilder().retention(Duration.ofDays(90)).build()).windowHours())
                .isEqualTo(90);
    }

    @Test
    void should_create_keyspace_with_configured_replication_when_missing() {
        assertThat(new Schema(CassandraOptions.DEFAULT).createKeyspace()).isEqualTo("CREATE KEYSPACE IF NOT EXISTS tandem "
                + "WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}");
        assertThat(new Schema(CassandraOptions.DEFAULT.toBuilder().keyspace("cb")
                .replication(Map.of("class", "NetworkTopologyStrategy", "dc1", "3")).build()).createKeyspace())
                .isEqualTo("CREATE KEYSPACE IF NOT EXISTS cb "
                        + "WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': '3'}");
    }
}
