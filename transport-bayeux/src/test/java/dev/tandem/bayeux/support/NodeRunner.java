package dev.tandem.bayeux.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of {@code src/test/node} under Node ({@code npm ci} first when {@code node_modules} is
 * absent) and returns its exit code and stdout lines.
 */
public final class NodeRunner {
    public static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

    /** Exit code and output of one run. */
    public record Result(int exitCode, List<String> lines, String stderr) {
    }

    private NodeRunner() {
    }

    public static void install() throws IOException, InterruptedException {
        install(DIR);
    }

    /** Runs {@code npm ci} in {@code dir} unless its {@code node_modules} exists. */
    public static synchronized void install(Path dir) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules"))) {
            return;
        }
        Result r = exec(dir, List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + dir + ": " + r.stderr());
        }
    }

    public static Result node(List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        return node(DIR, args, timeoutSeconds);
    }

    /** Runs {@code node args…} in {@code dir} (an npm project), installing its packages first. */
    public static Result node(Path dir, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        install(dir);
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        return exec(dir, command, timeoutSeconds);
    }

    private static Result exec(Path dir, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        File out = File.createTempFile("node-out", ".txt");
        File err = File.createTempFile("node-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out).redirectError(err).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, Files.readAllLines(out.toPath(), StandardCharsets.UTF_8),
                        "timed out after " + timeoutSeconds + " s\n" + Files.readString(err.toPath()));
            }
            return new Result(p.exitValue(), Files.readAllLines(out.toPath(), StandardCharsets.UTF_8),
                    Files.readString(err.toPath()));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
