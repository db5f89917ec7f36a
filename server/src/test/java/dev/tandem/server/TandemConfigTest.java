package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TandemConfigTest {

    @Test
    void should_read_exactly_the_settings_that_reference_conf_defines() {
        Set<String> keys = Arrays.stream(TandemConfig.Key.values()).map(TandemConfig.Key::path)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(keys).isEqualTo(TandemConfig.referencePaths());
    }

    @Test
    void should_map_environment_variables_onto_the_history_store_settings_too() {
        TandemConfig config = TandemConfig.load(Optional.empty(), Map.of(
                "TANDEM_HISTORY_STORE", "cassandra",
                "TANDEM_HISTORY_CASSANDRA_CONTACT_POINTS", "db1.example:9042, db2.example:9042",
                "TANDEM_HISTORY_CASSANDRA_LOCAL_DATACENTER", "dc1",
                "TANDEM_HISTORY_CASSANDRA_RETENTION", "7d",
                "TANDEM_HISTORY_EMBEDDED_HEAP", "2G"), Map.of());

        assertThat(config.historyStore()).isEqualTo(TandemConfig.HistoryStoreKind.CASSANDRA);
        assertThat(config.cassandraOptions().contactPoints()).containsExactly("db1.example:9042", "db2.example:9042");
        assertThat(config.cassandraOptions().localDatacenter()).isEqualTo("dc1");
        assertThat(config.cassandraOptions().retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.embeddedCassandraOptions().heap()).isEqualTo("2G");
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_HISTORY_CASSANDRA_QUEUE_CAPACITY", "0"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tandem.history.cassandra");
    }

    @Test
    void should_keep_history_embedded_by_default() {
        assertThat(TandemConfig.defaults().historyStore()).isEqualTo(TandemConfig.HistoryStoreKind.EMBEDDED);
    }

    @Test
    void should_have_seed_defaults_when_nothing_is_configured() {
        TandemConfig config = TandemConfig.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.port()).isEqualTo(8700);
        assertThat(config.contextPath()).isEqualTo("/cobrowse");
        assertThat(config.sessionOptions().maxInterval()).isEqualTo(Duration.ofSeconds(600));
        assertThat(config.allowedOrigins()).containsExactly("*");
    }

    @Test
    void should_layer_cli_over_environment_over_file_over_defaults(@TempDir Path dir) throws IOException {
        File file = dir.resolve("tandem.conf").toFile();
        Files.writeString(file.toPath(), "tandem { port = 9001, node-name = from-file, session.max-interval = 42s }");

        TandemConfig fileOnly = TandemConfig.load(Optional.of(file), Map.of(), Map.of());
        TandemConfig withEnv = TandemConfig.load(Optional.of(file),
                Map.of("TANDEM_PORT", "9002", "TANDEM_SESSION_MAX_INTERVAL", "7s", "TANDEM_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example"),
                Map.of());
        TandemConfig withCli = TandemConfig.load(Optional.of(file), Map.of("TANDEM_PORT", "9002"), Map.of("tandem.port", 9003));

        assertThat(fileOnly.port()).isEqualTo(9001);
        assertThat(fileOnly.nodeName()).isEqualTo("from-file");
        assertThat(fileOnly.sessionOptions().maxInterval()).isEqualTo(Duration.ofSeconds(42));
        assertThat(withEnv.port()).isEqualTo(9002);
        assertThat(withEnv.sessionOptions().maxInterval()).isEqualTo(Duration.ofSeconds(7));
        assertThat(withEnv.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(withCli.port()).isEqualTo(9003);
    }

    @Test
    void should_name_the_environment_variable_of_each_key() {
        assertThat(TandemConfig.Key.SESSION_MAX_INTERVAL.environmentVariable()).isEqualTo("TANDEM_SESSION_MAX_INTERVAL");
        assertThat(TandemConfig.Key.CONTEXT_PATH.environmentVariable()).isEqualTo("TANDEM_CONTEXT_PATH");
    }

    @Test
    void should_fail_with_the_setting_name_when_a_value_is_wrong() {
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_HISTORY_STORE", "mysql"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tandem.history.store");
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_SESSION_MAX_INTERVAL", "-5s"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxInterval");
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of(), Map.of("tandem.port", 70000)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tandem.port");
        assertThatThrownBy(() -> TandemConfig.load(Optional.of(new File("/nonexistent/tandem.conf")), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void should_keep_the_page_logs_within_half_of_the_direct_memory_limit() {
        long mib = 1024 * 1024;
        // By default a quarter of the heap, unless -XX:MaxDirectMemorySize is set below twice that.
        assertThat(TandemConfig.streamLogTotal(0, 256 * mib, 1024 * mib)).isEqualTo(256 * mib);
        assertThat(TandemConfig.streamLogTotal(0, 256 * mib, 128 * mib)).isEqualTo(64 * mib);
        assertThat(TandemConfig.streamLogTotal(100 * mib, 256 * mib, 200 * mib)).isEqualTo(100 * mib);
        assertThatThrownBy(() -> TandemConfig.streamLogTotal(512 * mib, 256 * mib, 128 * mib))
                .isInstanceOf(ConfigException.BadValue.class)
                .hasMessageContaining("tandem.session.max-stream-log-total")
                .hasMessageContaining("512 MiB").hasMessageContaining("128 MiB").hasMessageContaining("MaxDirectMemorySize");
        // This JVM's own limit applies when the configuration is read.
        assertThat(TandemConfig.defaults().sessionOptions().maxStreamLogTotalBytes())
                .isLessThanOrEqualTo(Math.max(TandemConfig.maxDirectMemory() / 2, 16 * mib));
    }

    @Test
    void should_parse_command_line_options() {
        Main.Arguments a = Main.Arguments.parse(new String[] {"--port", "9100", "--history=memory", "--config", "x.conf"});

        assertThat(a.overrides()).containsEntry("tandem.port", 9100).containsEntry("tandem.history.store", "memory");
        assertThat(a.configFile()).contains(new File("x.conf"));
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--port"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--bogus"})).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[] {"--port", "x"})).hasMessageContaining("number");
    }

    @Test
    void should_read_masking_rules_from_defaults_and_environment() {
        TandemConfig defaults = TandemConfig.load(Optional.empty(), Map.of(), Map.of());
        TandemConfig fromEnv = TandemConfig.load(Optional.empty(),
                Map.of("TANDEM_MASKING_MASK", "[{selector = \".card\"}, {selector = \"#ssn\", url = \"https://shop\\\\.example/.*\"}]"), Map.of());

        assertThat(defaults.pageRules().mask()).extracting(dev.tandem.core.PageRules.Rule::selector).contains("[data-gcb-mask]");
        assertThat(fromEnv.pageRules().mask()).hasSize(2);
        assertThat(fromEnv.pageRules().mask().get(1).urlPattern()).contains("https://shop\\.example/.*");
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_MASKING_MASK", "[{url = \"x\"}]"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("selector");
    }
}
