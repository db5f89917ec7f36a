package dev.tandem.history.cassandra.embedded.internal;

import dev.tandem.history.cassandra.embedded.EmbeddedCassandraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the jars of cassandra-all and its dependencies for the node's JVM — never for ours: Cassandra
 * brings Netty 4.1 and much else that must not meet the server's classpath.
 *
 * <p>Either every {@code *.jar} of a configured directory, or the artifacts listed in the bundled
 * {@code cassandra-artifacts.txt} (written at build time by {@code mvn dependency:list} on
 * {@code src/embedded/pom.xml}, one {@code group:artifact:type[:classifier]:version:scope} a line),
 * looked up in a local Maven repository.
 */
public final class CassandraClasspath {
    static final String ARTIFACTS = "cassandra-artifacts.txt";

    private CassandraClasspath() {
    }

    /** The jars, in a stable order; blocking file I/O. */
    public static List<Path> resolve(Optional<Path> libDirectory, Path mavenRepository) {
        return libDirectory.isPresent() ? fromDirectory(libDirectory.get()) : fromRepository(mavenRepository);
    }

    static List<Path> fromDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("cassandra-all-"))) {
                throw new EmbeddedCassandraException("The embedded Cassandra lib directory " + dir + " holds no "
                        + "cassandra-all-*.jar. Fill it with cassandra-all and its dependencies (e.g. the lib/ of a "
                        + "Cassandra 5.0 distribution), or unset tandem.history.embedded.lib-dir to use the Maven repository.");
            }
            return jars;
        } catch (IOException e) {
            throw new EmbeddedCassandraException("Cannot list the embedded Cassandra lib directory " + dir + ": " + e
                    + ". Check tandem.history.embedded.lib-dir.", e);
        }
    }

    static List<Path> fromRepository(Path repository) {
        List<Artifact> artifacts = bundledArtifacts();
        List<Path> jars = new ArrayList<>(artifacts.size());
        List<Artifact> missing = new ArrayList<>();
        for (Artifact a : artifacts) {
            Path jar = repository.resolve(a.path());
            if (Files.isRegularFile(jar)) {
                jars.add(jar);
            } else {
                missing.add(a);
            }
        }
        if (!missing.isEmpty()) {
            Artifact cassandra = artifacts.stream().filter(a -> a.artifactId().equals("cassandra-all")).findFirst()
                    .orElse(artifacts.get(0));
            throw new EmbeddedCassandraException(missing.size() + " of Cassandra's " + artifacts.size()
                    + " jars are not in the Maven repository " + repository + " (first: "
                    + missing.stream().limit(3).map(Artifact::toString).collect(Collectors.joining(", "))
                    + "). Fetch them with `mvn dependency:get -Dartifact=" + cassandra.groupId() + ":"
                    + cassandra.artifactId() + ":" + cassandra.version() + "`, or point "
                    + "tandem.history.embedded.maven-repository (or -Dmaven.repo.local) at the repository that has "
                    + "them, or set tandem.history.embedded.lib-dir to a directory of Cassandra's jars.");
        }
        return jars;
    }

    static List<Artifact> bundledArtifacts() {
        try (InputStream in = CassandraClasspath.class.getResourceAsStream(ARTIFACTS)) {
            if (in == null) {
                throw new EmbeddedCassandraException("The list of Cassandra's jars (" + ARTIFACTS + ") is missing "
                        + "from tandem-history-store's jar; rebuild it with Maven, or set "
                        + "tandem.history.embedded.lib-dir to a directory of Cassandra's jars.");
            }
            List<Artifact> artifacts = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(Artifact::parse).flatMap(Optional::stream).toList();
            if (artifacts.isEmpty()) {
                throw new EmbeddedCassandraException("The bundled list of Cassandra's jars is empty; rebuild "
                        + "tandem-history-store with Maven.");
            }
            return artifacts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One resolved dependency, as {@code dependency:list} prints it. */
    record Artifact(String groupId, String artifactId, String type, String classifier, String version) {

        /** Parses {@code group:artifact:type[:classifier]:version:scope}; empty for other lines. */
        static Optional<Artifact> parse(String line) {
            String text = line.strip();
            int note = text.indexOf(" ");
            if (note > 0) {
                text = text.substring(0, note); // e.g. " -- module x" after the coordinates
            }
            String[] p = text.split(":");
            if (p.length == 5 && isScope(p[4])) {
                return Optional.of(new Artifact(p[0], p[1], p[2], "", p[3]));
            }
            if (p.length == 6 && isScope(p[5])) {
                return Optional.of(new Artifact(p[0], p[1], p[2], p[3], p[4]));
            }
            return Optional.empty();
        }

        private static boolean isScope(String s) {
            return s.equals("compile") || s.equals("runtime");
        }

        /** The file's path inside a Maven repository. */
        String path() {
            String extension = type.equals("test-jar") ? "jar" : type;
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                    + (classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + (classifier.isEmpty() ? "" : classifier + ":") + version;
        }
    }
}
