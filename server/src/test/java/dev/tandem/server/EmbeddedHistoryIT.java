package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.server.support.HistoryShape;
import dev.tandem.server.support.SeedChat;
import dev.tandem.server.support.SeedSession;
import dev.tandem.server.support.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's run command with nothing installed: the server starts its own Cassandra node in a child JVM
 * (the default history store), a session driven by the official CometD Java client visits three pages,
 * and the History REST API returns exactly the seed's body — also after the server (and its node) stopped
 * and started again on the same data. A chat's transcript comes back from Cassandra the same way.
 */
class EmbeddedHistoryIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final List<String> PAGES = List.of(
            "https://shop.example/", "https://shop.example/products?id=7", "https://shop.example/cart");

    @Test
    void should_keep_the_seed_history_in_the_embedded_node_when_the_server_restarts() throws Exception {
        Path dataDir = Path.of("target", "it-embedded-history").toAbsolutePath();
        deleteRecursively(dataDir);
        List<String> jvm = List.of("-Dtandem.history.embedded.data-dir=" + dataDir,
                "-Dtandem.history.embedded.maven-repository=" + System.getProperty("tandem.history.embedded.maven-repository",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        String historyId;
        String token;
        String chatId;
        try (ServerProcess server = ServerProcess.start(START, Map.of(), jvm); JavaClients clients = new JavaClients()) {
            assertThat(server.logged("Embedded Cassandra 5.0")).as(String.join("\n", server.output())).isTrue();
            SeedSession session = new SeedSession(clients, server.baseUrl());
            historyId = session.createAndJoinMaster();
            token = session.sessionToken();
            session.page(PAGES.get(0));
            session.joinAgent();
            session.page(PAGES.get(1));
            session.page(PAGES.get(2));
            session.stop();

            JsonNode history = session.awaitHistory(3, SeedSession.DEADLINE);
            HistoryShape.assertSeedHistory(history, historyId, token, PAGES);
            assertThat(server.logged("Session created. Token: " + token + " Id: " + historyId)).isTrue();
            chatId = SeedChat.run(clients, server.baseUrl());
            SeedChat.awaitTranscript(server.baseUrl(), chatId, SeedSession.DEADLINE);

            JsonNode health = SeedSession.json(SeedSession.get(server.baseUrl(), "/cobrowse/health").body());
            assertThat(health.get("history").get("connected").asBoolean()).isTrue();
            String metrics = SeedSession.get(server.baseUrl(), "/cobrowse/metrics").body();
            assertThat(metrics).contains("tandem_history_records_total{outcome=\"written\"}")
                    .contains("tandem_history_records_total{outcome=\"rejected\"} 0.0")
                    .contains("tandem_history_connected 1.0");

            List<ProcessHandle> children = server.descendants();
            assertThat(children).as("the embedded node runs in a child JVM").isNotEmpty();
            assertThat(server.terminate(Duration.ofSeconds(90))).isIn(0, 143);
            Await.until("the embedded node to stop with the server", Duration.ofSeconds(30),
                    () -> children.stream().noneMatch(ProcessHandle::isAlive));
        }

        try (ServerProcess again = ServerProcess.start(START, Map.of(), jvm)) {
            JsonNode history = SeedSession.awaitHistory(again.baseUrl(), historyId, 3, SeedSession.DEADLINE);
            HistoryShape.assertSeedHistory(history, historyId, token, PAGES);
            SeedChat.awaitTranscript(again.baseUrl(), chatId, SeedSession.DEADLINE);
            assertThat(SeedSession.get(again.baseUrl(), "/cobrowse/rest/history/sessions/not-a-uuid").statusCode()).isEqualTo(400);
            assertThat(SeedSession.get(again.baseUrl(), "/cobrowse/rest/history/sessions/3f1b2c9e-0000-4000-8000-000000000000")
                    .statusCode()).isEqualTo(404);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
