package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandra;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class EmbeddedCassandraIT {

    @Test
    void should_answer_cql_with_cassandra_5_when_started() {
        EmbeddedCassandra node = CassandraNode.get();

        assertThat(node.isRunning()).isTrue();
        assertThat(node.releaseVersion()).startsWith("5.0");
        try (CqlSession cql = CassandraNode.session()) {
            assertThat(cql.execute("SELECT cluster_name, data_center FROM system.local").one())
                    .satisfies(row -> {
                        assertThat(row.getString("cluster_name")).isEqualTo("Tandem embedded");
                        assertThat(row.getString("data_center")).isEqualTo(node.localDatacenter());
                    });
        }
        assertThat(node.logFile()).exists();
        assertThat(node.options().dataDirectory().resolve("conf/cassandra.yaml")).exists();
    }

    @Test
    void should_refuse_to_start_when_data_directory_is_in_use() {
        EmbeddedCassandra node = CassandraNode.get();

        StepVerifier.create(EmbeddedCassandra.start(node.options().toBuilder().nativePort(0).build()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(EmbeddedCassandraException.class)
                        .hasMessageContaining("in use by another node"))
                .verify(Duration.ofSeconds(30));
        assertThat(node.isRunning()).isTrue();
    }

    @Test
    void should_run_cassandra_in_a_child_jvm_without_cassandra_on_our_classpath() throws Exception {
        EmbeddedCassandra node = CassandraNode.get();

        assertThat(node.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(node.pid()).flatMap(p -> p.parent()).map(ProcessHandle::pid))
                .hasValue(ProcessHandle.current().pid());
        assertThat(getClass().getClassLoader().getResource("org/apache/cassandra/service/CassandraDaemon.class")).isNull();
        assertThat(Files.readString(node.logFile())).contains("Startup complete");
    }
}
