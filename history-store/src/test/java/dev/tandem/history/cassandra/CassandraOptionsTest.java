package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraOptionsTest {

    @Test
    void should_match_reference_conf_when_read_from_defaults() {
        assertThat(CassandraOptions.fromConfig(ConfigFactory.defaultReference())).isEqualTo(CassandraOptions.DEFAULT);
    }

    @Test
    void should_read_overrides_when_config_sets_them() {
        CassandraOptions options = CassandraOptions.fromConfig(ConfigFactory.parseString("""
                tandem.history.cassandra {
                  contact-points = ["10.0.0.1:9042", "10.0.0.2:9142"]
                  keyspace = cobrowse
                  replication = ["class=NetworkTopologyStrategy", "dc1=3"]
                  username = tandem
                  password = secret
                  retention = 2d
                  queue-capacity = 5
                }""").withFallback(ConfigFactory.defaultReference()));

        assertThat(options.contactPoints()).containsExactly("10.0.0.1:9042", "10.0.0.2:9142");
        assertThat(options.keyspace()).isEqualTo("cobrowse");
        assertThat(options.replication()).isEqualTo(Map.of("class", "NetworkTopologyStrategy", "dc1", "3"));
        assertThat(options.username()).hasValue("tandem");
        assertThat(options.password()).hasValue("secret");
        assertThat(options.retention()).isEqualTo(Duration.ofDays(2));
        assertThat(options.queueCapacity()).isEqualTo(5);
    }

    @Test
    void should_keep_everything_else_when_changed_through_to_builder() {
        CassandraOptions changed = CassandraOptions.DEFAULT.toBuilder().maxInFlight(8).build();

        assertThat(changed.maxInFlight()).isEqualTo(8);
        assertThat(changed.toBuilder().maxInFlight(64).build()).isEqualTo(CassandraOptions.DEFAULT);
    }

    @Test
    void should_hide_password_when_printed() {
        CassandraOptions options = CassandraOptions.DEFAULT.toBuilder().credentials("u", "hunter2").build();

        assertThat(options.toString()).doesNotContain("hunter2").contains("****");
    }

    @Test
    void should_refuse_values_that_cannot_work_when_building() {
        CassandraOptions.Builder b = CassandraOptions.builder();
        assertThatThrownBy(() -> b.contactPoints(List.of("localhost"))).hasMessageContaining("host:port");
        assertThatThrownBy(() -> b.keyspace("Drop table x;")).hasMessageContaining("lower-case identifier");
        assertThatThrownBy(() -> b.replication(Map.of("class", "x'}; DROP"))).hasMessageContaining("plain words");
        assertThatThrownBy(() -> b.retention(Duration.ofMillis(10))).hasMessageContaining("retention");
        assertThatThrownBy(() -> b.queueCapacity(0)).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> b.maxInFlight(0)).hasMessageContaining("maxInFlight");
    }
}
