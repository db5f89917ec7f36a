package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.HistoryStoreConformance;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The conformance suite on a real Cassandra node, plus what only a database shows: rows and TTLs. */
class CassandraHistoryStoreIT extends HistoryStoreConformance {
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
    protected HistoryStore createStore(LongSupplier clock) {
        CassandraHistoryStore store = CassandraHistoryStore.builder()
                .options(CassandraNode.storeOptions())
                .clock(clock)
                .start();
        store.whenConnected().block(DEADLINE);
        return store;
    }

    @Test
    void should_write_one_row_per_page_when_records_are_appended_twice() {
        SessionHistoryId id = newId();
        List<HistoryRecord> twice = new ArrayList<>(seedSession(id));
        twice.addAll(seedSession(id));

        appendAll(twice);
        awaitWritten();

        List<Row> rows = cql.execute("SELECT page, url FROM " + CassandraNode.KEYSPACE + ".session_history WHERE id = ?",
                id.value()).all();
        assertThat(rows).extracting(r -> r.getInt("page")).containsExactly(0, 1, 2);
        assertThat(((CassandraHistoryStore) store()).stats().written()).isEqualTo(twice.size());
    }

    @Test
    void should_expire_written_cells_within_retention_when_stored() {
        SessionHistoryId id = newId();
        appendAll(seedSession(id));
        awaitWritten();

        Row row = cql.execute("SELECT TTL(url) AS page_ttl, TTL(session_token) AS token_ttl, TTL(deactivation_time) AS end_ttl FROM "
                + CassandraNode.KEYSPACE + ".session_history WHERE id = ? LIMIT 1", id.value()).one();

        int retention = (int) CassandraNode.storeOptions().retention().toSeconds();
        assertThat(row).isNotNull();
        assertThat(row.getInt("page_ttl")).isBetween(retention - 120, retention);
        assertThat(row.getInt("token_ttl")).isBetween(retention - 120, retention);
        assertThat(row.getInt("end_ttl")).isBetween(retention - 120, retention);
    }
}
