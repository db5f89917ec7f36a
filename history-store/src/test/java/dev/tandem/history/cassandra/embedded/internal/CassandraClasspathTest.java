package dev.tandem.history.cassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.history.cassandra.embedded.EmbeddedCassandraException;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraClasspathTest {

    @Test
    void should_parse_coordinates_when_line_is_from_dependency_list() {
        assertThat(CassandraClasspath.Artifact.parse("   io.netty:netty-all:jar:4.1.119.Final:compile -- module io.netty.all"))
                .hasValue(new CassandraClasspath.Artifact("io.netty", "netty-all", "jar", "", "4.1.119.Final"));
        assertThat(CassandraClasspath.Artifact.parse("   com.github.jnr:jffi:jar:native:1.3.11:compile").orElseThrow().path())
                .isEqualTo("com/github/jnr/jffi/1.3.11/jffi-1.3.11-native.jar");
        assertThat(CassandraClasspath.Artifact.parse("The following files have been resolved:")).isEmpty();
        assertThat(CassandraClasspath.Artifact.parse("")).isEmpty();
    }

    @Test
    void should_bundle_cassandra_and_its_own_netty_when_built() {
        List<CassandraClasspath.Artifact> artifacts = CassandraClasspath.bundledArtifacts();

        assertThat(artifacts).extracting(CassandraClasspath.Artifact::toString)
                .contains("org.apache.cassandra:cassandra-all:5.0.6")
                .anyMatch(a -> a.startsWith("io.netty:netty-all:4.1."))
                .noneMatch(a -> a.startsWith("dev.tandem"));
    }

    @Test
    void should_find_every_jar_when_maven_repository_has_them() {
        List<Path> jars = CassandraClasspath.resolve(Optional.empty(), EmbeddedCassandraOptions.fromConfig(
                com.typesafe.config.ConfigFactory.load()).mavenRepository());

        assertThat(jars).hasSize(CassandraClasspath.bundledArtifacts().size()).allMatch(Files::isRegularFile);
        assertThat(jars).anyMatch(j -> j.getFileName().toString().equals("cassandra-all-5.0.6.jar"));
    }

    @Test
    void should_say_how_to_fetch_jars_when_repository_lacks_them(@TempDir Path emptyRepository) {
        assertThatThrownBy(() -> CassandraClasspath.resolve(Optional.empty(), emptyRepository))
                .isInstanceOf(EmbeddedCassandraException.class)
                .hasMessageContaining("mvn dependency:get -Dartifact=org.apache.cassandra:cassandra-all:5.0.6")
                .hasMessageContaining("tandem.history.embedded.lib-dir");
    }

    @Test
    void should_take_every_jar_when_lib_dir_is_set(@TempDir Path lib) throws IOException {
        Files.createFile(lib.resolve("cassandra-all-5.0.6.jar"));
        Files.createFile(lib.resolve("a.jar"));
        Files.createFile(lib.resolve("notes.txt"));

        assertThat(CassandraClasspath.resolve(Optional.of(lib), Path.of("unused")))
                .containsExactly(lib.resolve("a.jar"), lib.resolve("cassandra-all-5.0.6.jar"));
    }

    @Test
    void should_refuse_lib_dir_when_it_has_no_cassandra(@TempDir Path lib) {
        assertThatThrownBy(() -> CassandraClasspath.resolve(Optional.of(lib), Path.of("unused")))
                .hasMessageContaining("holds no cassandra-all");
    }
}
