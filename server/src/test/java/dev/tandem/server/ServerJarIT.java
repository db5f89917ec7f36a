package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.bayeux.support.NodeRunner;
import dev.tandem.server.support.ServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The packaged server as the README runs it: the documented example (official CometD JS client under
 * Node) drives the whole seed flow over WebSocket and long-polling; REST, health, metrics and the
 * client's files answer.
 */
class ServerJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLE = Path.of("..", "examples", "node-cometd").toAbsolutePath().normalize();

    static ServerProcess server;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = ServerProcess.start(Duration.ofSeconds(60), "--history", "memory");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_run_the_documented_seed_flow_with_the_official_js_client(String transport) throws Exception {
        List<String> args = transport.equals("websocket")
                ? List.of("seed-flow.mjs", server.bayeuxUrl())
                : List.of("seed-flow.mjs", server.bayeuxUrl(), "--long-polling");

        NodeRunner.Result result = NodeRunner.node(EXAMPLE, args, 120);

        assertThat(result.exitCode()).as(result.stderr() + String.join("\n", result.lines())).isZero();
        List<JsonNode> lines = result.lines().stream().map(ServerJarIT::parse).collect(Collectors.toList());
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.get("who").asText()).isEqualTo("master");
            assertThat(l.get("channel").asText()).isEqualTo("/meta/handshake");
            assertThat(l.get("data").get("transport").asText()).isEqualTo(transport);
        });
        JsonNode slaveJoin = lines.stream()
                .filter(l -> l.get("who").asText().equals("slave") && l.get("channel").asText().equals("/service/session/join"))
                .findFirst().orElseThrow().get("data");
        assertThat(slaveJoin.get("userId").isNumber()).isTrue();
        assertThat(slaveJoin.get("users").get(0).get("userId").asText()).isEqualTo("1");
        assertThat(slaveJoin.get("users").get(0).get("name").asText()).isEqualTo("John");
        assertThat(lines).filteredOn(l -> l.get("channel").asText().equals("/service/session/deactivated")).hasSize(3);
        assertThat(lines).anySatisfy(l -> assertThat(l.get("channel").asText()).isEqualTo("done"));
        assertThat(server.logged("Session created. Token: ")).isTrue();
    }

    @Test
    void should_create_a_session_over_rest_with_the_node_cookie() throws Exception {
        HttpResponse<String> created = send("POST", "/cobrowse/rest/live/sessions");

        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(created.body());
        assertThat(body.get("sessionServerName").asText()).isEqualTo("Co-browse_Server");
        assertThat(created.headers().firstValue("set-cookie")).get().asString().startsWith("gcbSessionServer=Co-browse_Server");
        HttpResponse<String> found = send("GET", "/cobrowse/rest/live/sessions/" + body.get("sessionToken").asText());
        assertThat(found.statusCode()).isEqualTo(200);
    }

    @Test
    void should_report_health_and_prometheus_metrics() throws Exception {
        HttpResponse<String> health = send("GET", "/cobrowse/health");
        HttpResponse<String> metrics = send("GET", "/cobrowse/metrics");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("tandem_sessions_live").contains("jvm_memory_used_bytes")
                .contains("tandem_history_backlog").contains("process_memory_rss_bytes")
                .contains("tandem_stream_memory_exhausted_total");
    }

    @Test
    void should_answer_json_404_for_unknown_rest_paths_and_plain_404_elsewhere() throws Exception {
        assertThat(send("GET", "/cobrowse/rest/live/nope").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nothing-here").statusCode()).isEqualTo(404);
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
