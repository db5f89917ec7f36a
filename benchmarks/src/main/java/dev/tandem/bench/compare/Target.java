package dev.tandem.bench.compare;

import dev.tandem.bench.BenchException;
import dev.tandem.bench.load.Protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A server the side-by-side measures, how to launch it and where its endpoint is. */
public enum Target {
    /** {@code java -jar server/target/tandem-server.jar --host 127.0.0.1 --port P --history memory}. */
    TANDEM,
    /** {@code java -cp tandem-bench.jar dev.tandem.bench.Main serve-cometd --port P}. */
    COMETD,
    /** {@code java -cp tandem-bench.jar dev.tandem.bench.Main serve-raw --port P}. */
    RAW;

    public static Target parse(String text) {
        return switch (text.trim().toLowerCase()) {
            case "tandem" -> TANDEM;
            case "cometd" -> COMETD;
            case "raw", "netty" -> RAW;
            default -> throw new BenchException("Unknown target '" + text + "': use tandem, cometd or raw");
        };
    }

    public String id() {
        return name().toLowerCase();
    }

    public Protocol protocol() {
        return this == RAW ? Protocol.RAW : Protocol.BAYEUX;
    }

    public URI endpoint(int port) {
        return switch (this) {
            case TANDEM, COMETD -> URI.create("http://127.0.0.1:" + port + "/cobrowse/cometd");
            case RAW -> URI.create("ws://127.0.0.1:" + port + "/relay");
        };
    }

    /**
     * Where Tandem's jar is: {@code given} if it exists; else, for the default relative path, the same path
     * next to the source tree this benchmark jar was built in ({@code benchmarks/target/tandem-bench.jar} →
     * {@code server/target/tandem-server.jar}), so that {@code compare} works from any directory.
     */
    public static Path locateTandemJar(Path given) {
        if (Files.isRegularFile(given) || given.isAbsolute()) {
            return given;
        }
        try {
            Path self = Path.of(Target.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = self.getParent() == null ? null : self.getParent().getParent(); // benchmarks/target/x.jar → benchmarks
            Path candidate = root == null || root.getParent() == null ? null : root.getParent().resolve(given);
            return candidate != null && Files.isRegularFile(candidate) ? candidate : given;
        } catch (URISyntaxException | RuntimeException e) {
            return given;
        }
    }

    /** The child JVM's command line; with {@code cpus}, pinned to them by {@code taskset -c}. */
    List<String> command(int port, List<String> jvmOptions, Path tandemJar, String streamChannel, String cpus) {
        List<String> cmd = new ArrayList<>();
        if (cpus != null) {
            cmd.addAll(List.of("taskset", "-c", cpus));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        if (this == TANDEM) {
            cmd.addAll(List.of("-jar", tandemJar.toString(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--history", "memory"));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.tandem.bench.Main",
                    this == COMETD ? "serve-cometd" : "serve-raw", "--host", "127.0.0.1", "--port",
                    Integer.toString(port)));
            if (this == COMETD) {
                cmd.addAll(List.of("--stream-channel", streamChannel));
            }
        }
        return cmd;
    }
}
