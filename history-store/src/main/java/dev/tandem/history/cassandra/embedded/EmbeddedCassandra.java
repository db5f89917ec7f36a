package dev.tandem.history.cassandra.embedded;

import dev.tandem.history.cassandra.CassandraOptions;
import dev.tandem.history.cassandra.embedded.internal.CassandraClasspath;
import dev.tandem.history.cassandra.embedded.internal.NodeCommand;
import dev.tandem.history.cassandra.embedded.internal.NodeLayout;
import dev.tandem.history.cassandra.embedded.internal.Ports;
import dev.tandem.history.cassandra.embedded.internal.Readiness;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A single Apache Cassandra node on 127.0.0.1, run in a child JVM with its own classpath (Cassandra's jars
 * never meet the server's: they bring Netty 4.1). For development, demos and tests; production uses a
 * real cluster.
 *
 * <pre>{@code
 * EmbeddedCassandra node = EmbeddedCassandra.start(EmbeddedCassandraOptions.DEFAULT).block();
 * CassandraHistoryStore store = CassandraHistoryStore.builder()
 *         .options(node.clientOptions(CassandraOptions.DEFAULT))
 *         .start();
 * ...
 * node.stop().block();
 * }</pre>
 *
 * <p>{@link #start} resolves Cassandra's jars (see {@link EmbeddedCassandraOptions#libDirectory()}), writes
 * a minimal {@code cassandra.yaml} under the data directory, launches {@code java} from
 * {@link EmbeddedCassandraOptions#javaHome()} and completes once the node answers CQL (about 10 s), or
 * fails after {@link EmbeddedCassandraOptions#startupTimeout()} with the end of the node's log. The node
 * never outlives this JVM: a shutdown hook stops it, and if this JVM is killed, the node notices its
 * standard input closing and stops itself. Only one node may use a data directory at a time.
 */
public final class EmbeddedCassandra {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);
    /** SimpleSnitch's datacenter. */
    public static final String LOCAL_DATACENTER = "datacenter1";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_LINES = 30;

    private final EmbeddedCassandraOptions options;
    private final NodeLayout layout;
    private final Process process;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread shutdownHook;
    private final Mono<Void> stopping;
    private volatile String releaseVersion = "unknown";

    private EmbeddedCassandra(EmbeddedCassandraOptions options, NodeLayout layout, Process process,
                              FileChannel lockChannel, FileLock lock) {
        this.options = options;
        this.layout = layout;
        this.process = process;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.shutdownHook = new Thread(this::stopOnExit, "tandem-embedded-cassandra-stop");
        this.stopping = Mono.defer(this::doStop).cache();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a node and completes with it once it answers CQL. Ports given as 0 are picked free and kept
     * in {@link #options()}, so that {@link #restart()} reuses them.
     */
    public static Mono<EmbeddedCassandra> start(EmbeddedCassandraOptions options) {
        Objects.requireNonNull(options, "options");
        return Mono.fromCallable(() -> launch(options))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(EmbeddedCassandra::awaitReady);
    }

    private static EmbeddedCassandra launch(EmbeddedCassandraOptions requested) throws IOException {
        List<Path> jars = CassandraClasspath.resolve(requested.libDirectory(), requested.mavenRepository());
        NodeLayout layout = new NodeLayout(requested.dataDirectory());
        Files.createDirectories(layout.root());
        FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new EmbeddedCassandraException("The embedded Cassandra data directory " + layout.root()
                    + " is in use by another node. Stop that one, or give this one its own "
                    + "tandem.history.embedded.data-dir.");
        }
        try {
            Ports ports = Ports.resolve(requested.nativePort(), requested.storagePort(), requested.jmxPort());
            EmbeddedCassandraOptions options = requested.toBuilder()
                    .nativePort(ports.nativeTransport()).storagePort(ports.storage()).jmxPort(ports.jmx()).build();
            layout.prepare(ports);
            List<String> command = NodeCommand.of(options.javaHome(), options.heap(), layout, ports, jars,
                    options.stopTimeout().toMillis());
            log.info("Starting an embedded Cassandra node on {}:{} (data in {}, log in {}, {} jars)", NodeLayout.HOST,
                    ports.nativeTransport(), layout.root(), layout.logFile(), jars.size());
            Process process = new ProcessBuilder(command)
                    .directory(layout.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.logFile().toFile()))
                    .start(); // standard input stays a pipe: the node stops itself when it closes
            return new EmbeddedCassandra(options, layout, process, channel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    private Mono<EmbeddedCassandra> awaitReady() {
        long started = System.nanoTime();
        return Mono.defer(this::probe)
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, PROBE_INTERVAL)
                        .filter(e -> !(e instanceof EmbeddedCassandraException)))
                .timeout(options.startupTimeout())
                .map(version -> {
                    releaseVersion = version;
                    log.info("Embedded Cassandra {} answers CQL on {} after {} ms (pid {})", version, contactPoint(),
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), process.pid());
                    return this;
                })
                .onErrorResume(e -> failStart(e));
    }

    private Mono<String> probe() {
        if (!process.isAlive()) {
            return Mono.error(new EmbeddedCassandraException("The embedded Cassandra node exited with code "
                    + process.exitValue() + " while starting."));
        }
        return Readiness.portOpen(NodeLayout.HOST, options.nativePort())
                .then(Readiness.releaseVersion(NodeLayout.HOST, options.nativePort(), LOCAL_DATACENTER, PROBE_TIMEOUT));
    }

    private Mono<EmbeddedCassandra> failStart(Throwable cause) {
        return stop().onErrorResume(e -> Mono.empty())
                .then(Mono.fromCallable(this::logTail).subscribeOn(Schedulers.boundedElastic()))
                .flatMap(tail -> Mono.error(new EmbeddedCassandraException("The embedded Cassandra node did not "
                        + "answer CQL on " + contactPoint() + " within " + options.startupTimeout() + " ("
                        + cause.getMessage() + "). Its log is " + layout.logFile() + "; it ends with:\n" + tail,
                        cause)));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(layout.logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e + ")";
        }
    }

    /** Stops the node gracefully, killing it after {@code stopTimeout}. Idempotent. */
    public Mono<Void> stop() {
        return stopping;
    }

    private Mono<Void> doStop() {
        if (process.isAlive()) {
            log.info("Stopping the embedded Cassandra node on {} (pid {})", contactPoint(), process.pid());
            process.destroy();
        }
        return Mono.fromCompletionStage(process.onExit())
                .timeout(options.stopTimeout(), Mono.defer(() -> {
                    log.warn("The embedded Cassandra node (pid {}) did not stop within {}; killing it", process.pid(),
                            options.stopTimeout());
                    process.destroyForcibly();
                    return Mono.fromCompletionStage(process.onExit());
                }))
                .then(Mono.fromRunnable(this::releaseResources).subscribeOn(Schedulers.boundedElastic()))
                .then();
    }

    /**
     * Stops this node and starts a new one on the same ports and data, completing when it answers CQL.
     * This instance stays stopped.
     */
    public Mono<EmbeddedCassandra> restart() {
        return stop().then(start(options));
    }

    private void releaseResources() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.debug("Releasing {} failed", layout.lockFile(), e);
        }
    }

    /** Runs as this JVM's shutdown hook: waiting is right here, nothing else runs on this thread. */
    private void stopOnExit() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(options.stopTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code 127.0.0.1:port} of the CQL port. */
    public String contactPoint() {
        return NodeLayout.HOST + ":" + options.nativePort();
    }

    /** The CQL port. */
    public int nativePort() {
        return options.nativePort();
    }

    /** The datacenter of the node, {@value #LOCAL_DATACENTER}. */
    public String localDatacenter() {
        return LOCAL_DATACENTER;
    }

    /** {@code base} pointed at this node (contact point and local datacenter). */
    public CassandraOptions clientOptions(CassandraOptions base) {
        return base.toBuilder().contactPoints(List.of(contactPoint())).localDatacenter(LOCAL_DATACENTER).build();
    }

    /** The options with the ports actually used. */
    public EmbeddedCassandraOptions options() {
        return options;
    }

    /** The node's output. */
    public Path logFile() {
        return layout.logFile();
    }

    /** The node's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the node's process is alive. */
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Cassandra's version, as the node reported it. */
    public String releaseVersion() {
        return releaseVersion;
    }

    @Override
    public String toString() {
        return "EmbeddedCassandra{" + contactPoint() + ", pid " + process.pid() + ", data " + layout.root() + '}';
    }
}
