package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.history.TranscriptRecord;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.core.history.TranscriptStoreConformance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The transcript conformance suite on a real Cassandra node, plus what only a database shows: rows and TTLs. */
class CassandraTranscriptStoreIT extends TranscriptStoreConformance {
    private static CqlSession cql;

    @BeforeAll
    static void connect() {
        cql = CassandraNode.session();
    }

    @AfterAll
    static void disconnect() {
        cql.close();
    }

    @Override
    protected TranscriptStore createStore() {
        CassandraHistoryStore store = CassandraHistoryStore.builder().options(CassandraNode.storeOptions()).start();
        store.whenConnected().block(DEADLINE);
        return store;
    }

    @Test
    void should_write_one_row_per_member_and_message_when_records_are_appended_twice() {
        ChatId id = newId();
        List<TranscriptRecord> twice = new ArrayList<>(exampleChat(id));
        twice.addAll(exampleChat(id));

        appendAll(twice);
        awaitWritten();

        List<Row> rows = cql.execute("SELECT row_type, n, nickname, session_token FROM " + CassandraNode.KEYSPACE
                + ".chat_transcript WHERE id = ?", id.value()).all();
        assertThat(rows).extracting(r -> r.getString("row_type") + ":" + r.getInt("n"))
                .containsExactly("member:1", "member:2", "member:3", "message:1", "message:2", "message:3", "message:4");
        assertThat(rows.get(2).isNull("nickname")).as("an absent nickname is not written").isTrue();
        assertThat(rows.get(5).getString("session_token")).isEqualTo("123456789");
        assertThat(((CassandraHistoryStore) store()).stats().written()).isEqualTo(twice.size());
    }

    @Test
    void should_expire_written_cells_within_retention_when_stored() {
        ChatId id = newId();
        appendAll(exampleChat(id));
        awaitWritten();

        Row row = cql.execute("SELECT TTL(text) AS message_ttl, TTL(start_time) AS start_ttl, TTL(end_time) AS end_ttl FROM "
                + CassandraNode.KEYSPACE + ".chat_transcript WHERE id = ? AND row_type = 'message' AND n = 1", id.value()).one();
        Row member = cql.execute("SELECT TTL(role) AS role_ttl FROM " + CassandraNode.KEYSPACE
                + ".chat_transcript WHERE id = ? AND row_type = 'member' AND n = 3", id.value()).one();

        int retention = (int) CassandraNode.storeOptions().retention().toSeconds();
        assertThat(row).isNotNull();
        assertThat(row.getInt("message_ttl")).isBetween(retention - 120, retention);
        assertThat(row.getInt("start_ttl")).isBetween(retention - 120, retention);
        assertThat(row.getInt("end_ttl")).isBetween(retention - 120, retention);
        assertThat(member.getInt("role_ttl")).isBetween(retention - 120, retention);
    }

    @Test
    void should_keep_session_history_and_transcripts_in_one_backlog_when_both_are_written() {
        CassandraHistoryStore store = (CassandraHistoryStore) store();
        ChatId chat = newId();
        dev.tandem.core.SessionHistoryId session = new dev.tandem.core.SessionHistoryId(java.util.UUID.randomUUID());

        appendAll(exampleChat(chat));
        dev.tandem.core.history.HistoryStoreConformance.seedSession(session).forEach(r -> store.append(r).block(DEADLINE));
        awaitWritten();

        assertThat(store.find(chat).block(DEADLINE)).isEqualTo(expectedExample(chat));
        assertThat(store.find(session).block(DEADLINE))
                .isEqualTo(dev.tandem.core.history.HistoryStoreConformance.expectedSeedHistory(session));
        assertThat(store.stats().written()).isEqualTo(exampleChat(chat).size() + 6);
    }
}
