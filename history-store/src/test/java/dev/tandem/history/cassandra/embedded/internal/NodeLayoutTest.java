package dev.tandem.history.cassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLayoutTest {

    @Test
    void should_write_loopback_config_with_given_ports_and_dirs_when_prepared(@TempDir Path root) throws IOException {
        NodeLayout layout = new NodeLayout(root);

        layout.prepare(new Ports(19042, 17000, 17199));

        String yaml = Files.readString(layout.yaml());
        assertThat(yaml).contains("native_transport_port: 19042", "storage_port: 17000", "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1", "seeds: '127.0.0.1:17000'", "endpoint_snitch: SimpleSnitch",
                "commitlog_directory: '" + root.resolve("commitlog") + "'",
                "  - '" + root.resolve("data") + "'");
        assertThat(layout.logback()).content().contains("ConsoleAppender");
        assertThat(layout.launcherClasses().resolve(ParentWatchdog.class.getName().replace('.', '/') + ".class"))
                .isRegularFile();
        for (String dir : List.of("data", "commitlog", "saved_caches", "hints", "cdc_raw", "triggers", "logs")) {
            assertThat(root.resolve(dir)).isDirectory();
        }
    }

    @Test
    void should_keep_previous_log_when_prepared_again(@TempDir Path root) throws IOException {
        NodeLayout layout = new NodeLayout(root);
        layout.prepare(new Ports(1, 2, 3));
        Files.writeString(layout.logFile(), "first run");

        layout.prepare(new Ports(1, 2, 3));

        assertThat(layout.logFile()).doesNotExist();
        assertThat(root.resolve("logs/cassandra.log.1")).hasContent("first run");
    }

    @Test
    void should_quote_paths_when_they_contain_quotes(@TempDir Path parent) {
        NodeLayout layout = new NodeLayout(parent.resolve("it's here"));

        assertThat(layout.yamlText(new Ports(1, 2, 3))).contains("it''s here");
    }
}
