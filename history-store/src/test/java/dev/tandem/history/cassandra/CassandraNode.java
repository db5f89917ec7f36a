package dev.tandem.history.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.typesafe.config.ConfigFactory;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandra;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one embedded Cassandra node of the integration tests, started on first use and shared by every
 * test class of the JVM (its shutdown hook stops it when the JVM ends). Data lives in
 * {@code target/it-cassandra}, wiped at first start. Tests that stop or restart the node go through here,
 * so that the others always find the running one.
 */
final class CassandraNode {
    static final Duration START_DEADLINE = Duration.ofSeconds(90);
    /** The keyspace the integration tests write sessions to. */
    static final String KEYSPACE = "tandem_it";

    private static EmbeddedCassandra node;
    private static EmbeddedCassandraOptions options;

    private CassandraNode() {
    }

    /** The running node, started if needed. */
    static synchronized EmbeddedCassandra get() {
        if (node == null) {
            Path dir = Path.of(System.getProperty("tandem.it.cassandra-dir", "target/it-cassandra"));
            deleteRecursively(dir);
            options = EmbeddedCassandraOptions.fromConfig(ConfigFactory.load()).toBuilder()
                    .dataDirectory(dir)
                    .heap("1G")
                    .startupTimeout(START_DEADLINE)
                    .build();
            node = EmbeddedCassandra.start(options).block(START_DEADLINE.plusSeconds(10));
            options = node.options(); // with its ports, kept across restarts
        }
        return node;
    }

    /** Stops the node; {@link #startAgain()} brings it back on the same ports and data. */
    static synchronized void stop() {
        get().stop().block(Duration.ofSeconds(60));
    }

    /** Starts the node again after {@link #stop()}. */
    static synchronized EmbeddedCassandra startAgain() {
        node = EmbeddedCassandra.start(options).block(START_DEADLINE.plusSeconds(10));
        return node;
    }

    /** Store options pointing at the node, with fast retries for tests. */
    static CassandraOptions storeOptions() {
        return get().clientOptions(CassandraOptions.DEFAULT).toBuilder()
                .keyspace(KEYSPACE)
                .retryMaxDelay(Duration.ofSeconds(1))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** A plain driver session to the node, for checking what the store wrote. Close it. */
    static CqlSession session() {
        return CqlSession.builder()
                .withClassLoader(CassandraNode.class.getClassLoader())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder(CassandraNode.class.getClassLoader())
                        .withStringList(DefaultDriverOption.CONTACT_POINTS, List.of(get().contactPoint()))
                        .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, get().localDatacenter())
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                        .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(1))
                        .build())
                .build();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
