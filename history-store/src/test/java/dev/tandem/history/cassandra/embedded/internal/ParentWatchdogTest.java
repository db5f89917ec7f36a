package dev.tandem.history.cassandra.embedded.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's watchdog, run in a real child JVM with a stand-in for Cassandra's main class. */
class ParentWatchdogTest {

    /** Stands in for CassandraDaemon: runs until the JVM exits. */
    public static final class RunForever {
        public static void main(String[] args) {
            for (;;) {
                LockSupport.park();
            }
        }
    }

    @Test
    void should_stop_the_node_when_the_parent_pipe_closes(@TempDir Path log) throws Exception {
        Process child = startChild(log);
        assertThat(child.waitFor(1, TimeUnit.SECONDS)).as("the child runs while its parent does").isFalse();

        child.getOutputStream().close(); // what the OS does when the parent dies, even by SIGKILL

        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("the child exits").isTrue();
        assertThat(child.exitValue()).isZero();
    }

    private static Process startChild(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx32m",
                "-D" + ParentWatchdog.MAIN_CLASS_PROPERTY + "=" + RunForever.class.getName(),
                "-cp", System.getProperty("java.class.path"), ParentWatchdog.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.resolve("child.log").toFile())
                .start();
    }

    @Test
    void should_have_no_nested_classes_when_copied_alone_to_the_node() {
        assertThat(ParentWatchdog.class.getDeclaredClasses()).isEmpty();
        assertThat(ParentWatchdog.class.getResource("ParentWatchdog$1.class")).isNull();
    }
}
