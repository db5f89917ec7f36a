package dev.tandem.bench.compare;

import dev.tandem.bench.BenchException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in its own JVM: launched on a free loopback port, output to a log file. It never
 * outlives the generator: {@link #stop()} ends it, and a shutdown hook kills it if the generator exits
 * first (Ctrl-C, --max-duration).
 */
final class ChildServer {
    final Target target;
    final Process process;
    final int port;
    final Path log;
    private final Thread killOnExit;

    private ChildServer(Target target, Process process, int port, Path log) {
        this.target = target;
        this.process = process;
        this.port = port;
        this.log = log;
        this.killOnExit = new Thread(process::destroyForcibly, "bench-kill-" + target.id());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Launches and waits until the port accepts connections, the process dies, or the timeout. */
    static Mono<ChildServer> launch(Target target, List<String> jvmOptions, Path tandemJar, String streamChannel,
                                    String cpus, Path logDir, Duration startTimeout) {
        return Mono.fromCallable(() -> {
            int port = freePort();
            Files.createDirectories(logDir);
            Path log = logDir.resolve(target.id() + "-server.log");
            Process process = new ProcessBuilder(target.command(port, jvmOptions, tandemJar, streamChannel, cpus))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new ChildServer(target, process, port, log);
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(child -> child.awaitReady(startTimeout)
                .onErrorResume(e -> child.stop().then(Mono.error(e)))
                .thenReturn(child));
    }

    private Mono<Void> awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return Mono.fromCallable(() -> {
            if (!process.isAlive()) {
                throw new BenchException(target.id() + " exited with code " + process.exitValue()
                        + " before accepting connections; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return true;
            }
        }).subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(200))
                        .filter(e -> e instanceof IOException && System.nanoTime() < deadline))
                .onErrorMap(IOException.class, e -> new BenchException(target.id() + " did not accept connections on port "
                        + port + " within " + timeout.toSeconds() + " s; see " + log))
                .then();
    }

    long pid() {
        return process.pid();
    }

    /** Asks the JVM to stop (SIGTERM), then kills it after 10 s. Never fails. */
    Mono<Void> stop() {
        return Mono.fromRunnable(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException | IllegalArgumentException shuttingDownOrRemoved) {
                // the hook runs or already ran: it kills the process anyway
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
