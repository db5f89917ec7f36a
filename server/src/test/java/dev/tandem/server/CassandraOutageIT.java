package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandra;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import dev.tandem.server.support.HistoryShape;
import dev.tandem.server.support.SeedSession;
import dev.tandem.server.support.ServerProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --history cassandra} against a real node that is down when the server starts and goes away in the
 * middle of a session: co-browsing goes on unaffected, the history waits in the backlog, and once Cassandra
 * is back every history is written, each page exactly once.
 */
class CassandraOutageIT {
    private static final Duration NODE_START = Duration.ofSeconds(120);
    private static final List<String> PAGES = List.of("https://bank.example/", "https://bank.example/loans", "https://bank.example/apply");

    @Test
    void should_cobrowse_and_write_every_history_once_when_cassandra_is_down_at_start_and_mid_session() throws Exception {
        Path dataDir = Path.of("target", "it-outage-cassandra").toAbsolutePath();
        EmbeddedHistoryIT.deleteRecursively(dataDir);
        EmbeddedCassandraOptions nodeOptions = EmbeddedCassandraOptions.fromConfig(ConfigFactory.load()).toBuilder()
                .dataDirectory(dataDir).nativePort(freePort()).storagePort(freePort()).jmxPort(freePort())
                .startupTimeout(NODE_START).build();
        Map<String, String> env = Map.of(
                "TANDEM_HISTORY_CASSANDRA_CONTACT_POINTS", "127.0.0.1:" + nodeOptions.nativePort(),
                "TANDEM_HISTORY_CASSANDRA_RETRY_MAX_DELAY", "1s");
        EmbeddedCassandra node = null;
        try (ServerProcess server = ServerProcess.start(Duration.ofSeconds(60), env, List.of(), "--history", "cassandra");
             JavaClients clients = new JavaClients()) {
            // Cassandra is down: the server serves anyway.
            assertThat(health(server).get("connected").asBoolean()).isFalse();
            SeedSession first = new SeedSession(clients, server.baseUrl());
            first.createAndJoinMaster();
            first.page(PAGES.get(0));
            first.joinAgent();
            first.page(PAGES.get(1));
            first.page(PAGES.get(2));
            first.stop();
            assertThat(SeedSession.get(server.baseUrl(), "/cobrowse/rest/history/sessions/" + first.historyId()).statusCode())
                    .as("history unavailable while Cassandra is down").isEqualTo(503);
            assertThat(health(server).get("backlog").asLong()).isPositive();

            node = EmbeddedCassandra.start(nodeOptions).block(NODE_START.plusSeconds(10));
            HistoryShape.assertSeedHistory(first.awaitHistory(3, Duration.ofSeconds(60)), first.historyId(), first.sessionToken(), PAGES);

            // Cassandra goes away in the middle of a session.
            SeedSession second = new SeedSession(clients, server.baseUrl());
            second.createAndJoinMaster();
            second.page(PAGES.get(0));
            second.joinAgent();
            node.stop().block(Duration.ofSeconds(90));
            second.page(PAGES.get(1));
            second.page(PAGES.get(2));
            second.stop();
            Await.until("the store to notice Cassandra is gone", Duration.ofSeconds(60),
                    () -> !health(server).get("connected").asBoolean());

            node = EmbeddedCassandra.start(node.options()).block(NODE_START.plusSeconds(10));
            JsonNode history = second.awaitHistory(3, Duration.ofSeconds(60));
            HistoryShape.assertSeedHistory(history, second.historyId(), second.sessionToken(), PAGES);
            Await.until("the backlog to drain", Duration.ofSeconds(30), () -> health(server).get("backlog").asLong() == 0);
            assertThat(SeedSession.get(server.baseUrl(), "/cobrowse/metrics").body())
                    .contains("tandem_history_records_total{outcome=\"rejected\"} 0.0");
        } finally {
            if (node != null) {
                node.stop().block(Duration.ofSeconds(90));
            }
        }
    }

    private static JsonNode health(ServerProcess server) {
        try {
            return SeedSession.json(SeedSession.get(server.baseUrl(), "/cobrowse/health").body()).get("history");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
