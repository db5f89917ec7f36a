package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.history.Await;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStoreConformance;
import dev.tandem.core.history.SessionHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The store while its Cassandra node goes away and comes back. Each test leaves the shared node running.
 */
class CassandraFaultIT {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final int PAGES = 5;
    private CassandraHistoryStore store;

    @AfterEach
    void closeStoreAndEnsureNodeRuns() {
        if (store != null) {
            store.close().block(DEADLINE);
        }
        if (!CassandraNode.get().isRunning()) {
            CassandraNode.startAgain();
        }
    }

    @Test
    void should_write_every_record_once_when_node_restarts_during_appends() {
        store = CassandraHistoryStore.builder().options(CassandraNode.storeOptions()).start();
        store.whenConnected().block(DEADLINE);
        List<SessionHistoryId> ids = new ArrayList<>();

        appendSessions(ids, 40, 0);               // while up
        CompletableFuture<Void> stopping = CassandraNode.get().stop().toFuture();
        appendSessions(ids, 40, 40);              // while it shuts down
        stopping.join();
        long beforeDown = store.stats().retried();
        appendSessions(ids, 40, 80);              // while down: accepted at once, kept
        Await.until("writes failed and are retried while the node is down", DEADLINE,
                () -> store.stats().retried() > beforeDown);
        assertThat(store.backlog()).isGreaterThanOrEqualTo(40 * (PAGES + 3));

        CassandraNode.startAgain();

        Await.until("the backlog is written after the node came back", DEADLINE, () -> store.backlog() == 0);
        assertEverySessionWrittenOnce(ids);
        assertThat(store.stats().written()).isGreaterThanOrEqualTo(ids.size() * (PAGES + 3L));
        assertThat(store.stats().rejected()).isZero();
    }

    @Test
    void should_connect_and_flush_when_node_starts_after_store() {
        CassandraOptions options = CassandraNode.storeOptions();
        CassandraNode.stop();
        store = CassandraHistoryStore.builder().options(options).start();
        List<SessionHistoryId> ids = new ArrayList<>();

        appendSessions(ids, 20, 200);
        StepVerifier.create(store.find(ids.get(0)))
                .expectError(HistoryUnavailableException.class)
                .verify(DEADLINE);
        Await.until("the store retried connecting", DEADLINE, () -> store.stats().connectAttempts() >= 2);
        assertThat(store.isConnected()).isFalse();
        assertThat(store.backlog()).isEqualTo(20L * (PAGES + 3));

        CassandraNode.startAgain();

        store.whenConnected().block(DEADLINE);
        Await.until("the records kept while down are written", DEADLINE, () -> store.backlog() == 0);
        assertEverySessionWrittenOnce(ids);
    }

    /** Appends {@code count} complete sessions, asserting that each append completes at once. */
    private void appendSessions(List<SessionHistoryId> ids, int count, int first) {
        for (int n = first; n < first + count; n++) {
            SessionHistoryId id = new SessionHistoryId(UUID.randomUUID());
            ids.add(id);
            for (HistoryRecord record : HistoryStoreConformance.session(id, n, PAGES)) {
                CompletableFuture<Void> appended = store.append(record).toFuture();
                assertThat(appended).as("append never waits for Cassandra").isCompleted();
            }
        }
    }

    private void assertEverySessionWrittenOnce(List<SessionHistoryId> ids) {
        try (CqlSession cql = CassandraNode.session()) {
            for (SessionHistoryId id : ids) {
                SessionHistory history = store.find(id).block(DEADLINE);
                assertThat(history).as("history of %s", id).isNotNull();
                assertThat(history.complete()).isTrue();
                assertThat(history.activationTime()).isPresent();
                assertThat(history.pages()).hasSize(PAGES);
                assertThat(cql.execute("SELECT page FROM " + CassandraNode.KEYSPACE + ".session_history WHERE id = ?",
                        id.value()).all()).hasSize(PAGES);
            }
        }
    }
}
