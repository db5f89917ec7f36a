package dev.tandem.server.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.tandem.bayeux.support.Await;

/** The packaged server ({@code target/tandem-server.jar}) run as a child process, as a user runs it. */
public final class ServerProcess implements AutoCloseable {
    /** Every server's output, kept after the run (a failed test's server log is the first thing to read). */
    private static final Path LOGS = Path.of("target", "server-logs").toAbsolutePath();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
    private static final Pattern LISTENING = Pattern.compile("Tandem listening on .* Bayeux (http://[0-9.]+:\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final Path logFile;
    private volatile String baseUrl;

    private ServerProcess(Process process) {
        this.process = process;
        this.logFile = LOGS.resolve(LocalDateTime.now().format(FILE_TIME) + "-pid" + process.pid() + ".log");
        this.reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer log = logWriter(logFile)) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    log.write(line);
                    log.write('\n');
                    log.flush(); // whole lines on disk even when the test JVM dies
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        baseUrl = m.group(1);
                    }
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static Writer logWriter(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Where this server's output is written as it runs ({@code target/server-logs/}). */
    public Path logFile() {
        return logFile;
    }

    public static Path jar() {
        Path jar = Path.of("target", "tandem-server.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn package' first");
        }
        return jar;
    }

    /** Starts the jar on a free loopback port with {@code args} and waits until it listens. */
    public static ServerProcess start(Duration timeout, String... args) {
        return start(timeout, Map.of(), List.of(), args);
    }

    /**
     * Starts the jar with extra environment variables ({@code TANDEM_*} settings) and JVM options
     * ({@code -Dtandem.…}) and waits until it listens, on a free loopback port unless {@code args} name one.
     */
    public static ServerProcess start(Duration timeout, Map<String, String> environment, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "--host", "127.0.0.1"));
        if (!List.of(args).contains("--port")) {
            command.addAll(List.of("--port", "0"));
        }
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(new File("."));
            builder.environment().putAll(environment);
            Process p = builder.start();
            ServerProcess server = new ServerProcess(p);
            Await.until("the server to listen", timeout, () -> server.baseUrl != null || !p.isAlive());
            if (server.baseUrl == null) {
                throw new IllegalStateException("server did not start (log: " + server.logFile + "):\n" + String.join("\n", server.output));
            }
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String bayeuxUrl() {
        return baseUrl + "/cobrowse/cometd";
    }

    public List<String> output() {
        return List.copyOf(output);
    }

    public boolean logged(String text) {
        return output.stream().anyMatch(l -> l.contains(text));
    }

    /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close our end of its stdout and lose
        // what the server prints while it shuts down.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not stop within " + timeout + " (log: " + logFile + "):\n" + String.join("\n", output));
        }
        reader.join(10_000); // everything it printed is in output() once its stdout has ended
        return process.exitValue();
    }

    /** The processes this server started (the embedded Cassandra node's JVM, for one). */
    public List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
