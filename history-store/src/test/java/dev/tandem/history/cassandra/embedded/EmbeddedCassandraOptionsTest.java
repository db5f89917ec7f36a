package dev.tandem.history.cassandra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddedCassandraOptionsTest {

    @Test
    void should_match_reference_conf_when_read_from_defaults() {
        assertThat(EmbeddedCassandraOptions.fromConfig(ConfigFactory.defaultReference()))
                .isEqualTo(EmbeddedCassandraOptions.DEFAULT);
    }

    @Test
    void should_keep_data_under_user_home_when_not_configured() {
        assertThat(EmbeddedCassandraOptions.DEFAULT.dataDirectory())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".tandem", "cassandra"));
        assertThat(EmbeddedCassandraOptions.DEFAULT.libDirectory()).isEmpty();
        assertThat(EmbeddedCassandraOptions.DEFAULT.heap()).isEqualTo("1G");
    }

    @Test
    void should_use_lib_dir_when_configured() {
        EmbeddedCassandraOptions options = EmbeddedCassandraOptions.fromConfig(ConfigFactory
                .parseString("tandem.history.embedded.lib-dir = \"/opt/cassandra/lib\"")
                .withFallback(ConfigFactory.defaultReference()));

        assertThat(options.libDirectory()).hasValue(Path.of("/opt/cassandra/lib"));
        assertThat(options.toBuilder().libDirectory(Optional.empty()).build()).isEqualTo(EmbeddedCassandraOptions.DEFAULT);
    }

    @Test
    void should_refuse_values_that_cannot_work_when_building() {
        EmbeddedCassandraOptions.Builder b = EmbeddedCassandraOptions.builder();
        assertThatThrownBy(() -> b.heap("lots")).hasMessageContaining("512M or 1G");
        assertThatThrownBy(() -> b.nativePort(70_000)).hasMessageContaining("nativePort");
        assertThatThrownBy(() -> b.startupTimeout(java.time.Duration.ZERO)).hasMessageContaining("positive");
    }
}
