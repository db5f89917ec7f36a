package dev.tandem.history.cassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeCommandTest {

    @Test
    void should_run_watchdog_on_cassandra_classpath_with_java17_flags_when_built() {
        NodeLayout layout = new NodeLayout(Path.of("/data/cassandra"));
        List<Path> jars = List.of(Path.of("/m2/cassandra-all-5.0.6.jar"), Path.of("/m2/jamm-0.4.0.jar"));

        List<String> cmd = NodeCommand.of(Path.of("/jdk"), "1G", layout, new Ports(9042, 7000, 7199), jars, 30_000);

        assertThat(cmd.get(0)).isEqualTo(Path.of("/jdk/bin/java").toString());
        assertThat(cmd).contains("-Xmx1G", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
                "-javaagent:/m2/jamm-0.4.0.jar", "-Dcassandra-foreground=yes",
                "-Dcassandra.config=file:///data/cassandra/conf/cassandra.yaml",
                "-Dcassandra.storagedir=/data/cassandra", "-Dcassandra.jmx.local.port=7199",
                "java.base/jdk.internal.misc=ALL-UNNAMED", "java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(cmd.get(cmd.size() - 2)).isEqualTo("/data/cassandra/launcher" + File.pathSeparator
                + "/m2/cassandra-all-5.0.6.jar" + File.pathSeparator + "/m2/jamm-0.4.0.jar");
        assertThat(cmd.get(cmd.size() - 1)).isEqualTo(ParentWatchdog.class.getName());
    }
}
