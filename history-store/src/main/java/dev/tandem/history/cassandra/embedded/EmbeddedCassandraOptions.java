package dev.tandem.history.cassandra.embedded;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link EmbeddedCassandra} runs its node. Immutable: start from {@link #DEFAULT} (or
 * {@link #fromConfig}) and change it with {@link #toBuilder()}. Every default is also in this module's
 * {@code reference.conf} under {@code tandem.history.embedded}.
 */
public final class EmbeddedCassandraOptions {

    /** Data under {@code ~/.tandem/cassandra}, jars from {@code ~/.m2/repository}, free ports, 1 GB heap. */
    public static final EmbeddedCassandraOptions DEFAULT = new Builder().build();

    /** Where {@link #fromConfig} reads from. */
    public static final String CONFIG_PATH = "tandem.history.embedded";

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]");

    private final Path dataDirectory;
    private final Optional<Path> libDirectory;
    private final Path mavenRepository;
    private final int nativePort;
    private final int storagePort;
    private final int jmxPort;
    private final String heap;
    private final Duration startupTimeout;
    private final Duration stopTimeout;
    private final Path javaHome;

    private EmbeddedCassandraOptions(Builder b) {
        dataDirectory = b.dataDirectory;
        libDirectory = b.libDirectory;
        mavenRepository = b.mavenRepository;
        nativePort = b.nativePort;
        storagePort = b.storagePort;
        jmxPort = b.jmxPort;
        heap = b.heap;
        startupTimeout = b.startupTimeout;
        stopTimeout = b.stopTimeout;
        javaHome = b.javaHome;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads {@link #CONFIG_PATH} of {@code config} (e.g. {@code ConfigFactory.load()}), which must hold every key. */
    public static EmbeddedCassandraOptions fromConfig(Config config) {
        Config c = config.getConfig(CONFIG_PATH);
        String lib = c.getString("lib-dir");
        return builder()
                .dataDirectory(Path.of(c.getString("data-dir")))
                .libDirectory(lib.isBlank() ? Optional.empty() : Optional.of(Path.of(lib)))
                .mavenRepository(Path.of(c.getString("maven-repository")))
                .nativePort(c.getInt("native-port"))
                .storagePort(c.getInt("storage-port"))
                .jmxPort(c.getInt("jmx-port"))
                .heap(c.getString("heap"))
                .startupTimeout(c.getDuration("startup-timeout"))
                .stopTimeout(c.getDuration("stop-timeout"))
                .build();
    }

    /** Data, commit log, caches, hints, generated configuration and the node's log; default {@code ~/.tandem/cassandra}. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** A directory of Cassandra's jars to use instead of the Maven repository; default none. */
    public Optional<Path> libDirectory() {
        return libDirectory;
    }

    /**
     * The Maven repository holding cassandra-all and its dependencies; default the {@code maven.repo.local}
     * system property, else {@code ~/.m2/repository}.
     */
    public Path mavenRepository() {
        return mavenRepository;
    }

    /** CQL port on 127.0.0.1; 0 (default) picks a free one. */
    public int nativePort() {
        return nativePort;
    }

    /** Inter-node port on 127.0.0.1; 0 (default) picks a free one. */
    public int storagePort() {
        return storagePort;
    }

    /** Local JMX port (for nodetool); 0 (default) picks a free one. */
    public int jmxPort() {
        return jmxPort;
    }

    /** The node's heap, as {@code -Xmx} takes it; default {@code 1G}. */
    public String heap() {
        return heap;
    }

    /** How long the node may take to answer CQL; default 60 s. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** How long a graceful stop may take before the node is killed; default 30 s. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    /** The Java runtime that runs the node (17 or newer); default this JVM's {@code java.home}. */
    public Path javaHome() {
        return javaHome;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddedCassandraOptions other
                && dataDirectory.equals(other.dataDirectory) && libDirectory.equals(other.libDirectory)
                && mavenRepository.equals(other.mavenRepository) && nativePort == other.nativePort
                && storagePort == other.storagePort && jmxPort == other.jmxPort && heap.equals(other.heap)
                && startupTimeout.equals(other.startupTimeout) && stopTimeout.equals(other.stopTimeout)
                && javaHome.equals(other.javaHome);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataDirectory, libDirectory, mavenRepository, nativePort, storagePort, jmxPort, heap,
                startupTimeout, stopTimeout, javaHome);
    }

    @Override
    public String toString() {
        return "EmbeddedCassandraOptions{dataDirectory=" + dataDirectory + ", libDirectory=" + libDirectory
                + ", mavenRepository=" + mavenRepository + ", nativePort=" + nativePort + ", storagePort="
                + storagePort + ", jmxPort=" + jmxPort + ", heap=" + heap + ", startupTimeout=" + startupTimeout
                + ", stopTimeout=" + stopTimeout + ", javaHome=" + javaHome + '}';
    }

    /** Builds {@link EmbeddedCassandraOptions}; each setter checks its argument. */
    public static final class Builder {
        private Path dataDirectory = Path.of(System.getProperty("user.home"), ".tandem", "cassandra");
        private Optional<Path> libDirectory = Optional.empty();
        private Path mavenRepository = System.getProperty("maven.repo.local") != null
                ? Path.of(System.getProperty("maven.repo.local"))
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        private int nativePort;
        private int storagePort;
        private int jmxPort;
        private String heap = "1G";
        private Duration startupTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private Path javaHome = Path.of(System.getProperty("java.home"));

        private Builder() {
        }

        private Builder(EmbeddedCassandraOptions o) {
            dataDirectory = o.dataDirectory;
            libDirectory = o.libDirectory;
            mavenRepository = o.mavenRepository;
            nativePort = o.nativePort;
            storagePort = o.storagePort;
            jmxPort = o.jmxPort;
            heap = o.heap;
            startupTimeout = o.startupTimeout;
            stopTimeout = o.stopTimeout;
            javaHome = o.javaHome;
        }

        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath().normalize();
            return this;
        }

        public Builder libDirectory(Optional<Path> libDirectory) {
            this.libDirectory = Objects.requireNonNull(libDirectory, "libDirectory").map(p -> p.toAbsolutePath().normalize());
            return this;
        }

        public Builder mavenRepository(Path mavenRepository) {
            this.mavenRepository = Objects.requireNonNull(mavenRepository, "mavenRepository").toAbsolutePath().normalize();
            return this;
        }

        public Builder nativePort(int nativePort) {
            this.nativePort = checkPort(nativePort, "nativePort");
            return this;
        }

        public Builder storagePort(int storagePort) {
            this.storagePort = checkPort(storagePort, "storagePort");
            return this;
        }

        public Builder jmxPort(int jmxPort) {
            this.jmxPort = checkPort(jmxPort, "jmxPort");
            return this;
        }

        /** E.g. {@code 512M}, {@code 1G}. */
        public Builder heap(String heap) {
            if (heap == null || !HEAP.matcher(heap).matches()) {
                throw new IllegalArgumentException("The embedded node's heap is a size like 512M or 1G; got '" + heap + "'");
            }
            this.heap = heap;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = checkPositive(startupTimeout, "startupTimeout");
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = checkPositive(stopTimeout, "stopTimeout");
            return this;
        }

        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
            return this;
        }

        public EmbeddedCassandraOptions build() {
            return new EmbeddedCassandraOptions(this);
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) to 65535; got " + port);
            }
            return port;
        }

        private static Duration checkPositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive; got " + d);
            }
            return d;
        }
    }
}
