package dev.tandem.history.cassandra.embedded.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of the node's JVM: Java 17 with the flags of Cassandra 5.0's {@code jvm17-server.options}
 * (G1, the {@code --add-exports/--add-opens} it needs, Netty's), the maximum heap, jamm as agent, and the system
 * properties that point Cassandra at the generated configuration.
 */
public final class NodeCommand {
    private static final List<String> JPMS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    private NodeCommand() {
    }

    /** The full command, {@code java} first. */
    public static List<String> of(Path javaHome, String heap, NodeLayout layout, Ports ports, List<Path> jars,
                                  long haltAfterMs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xmx" + heap); // no -Xms: a development node should not hold a full heap it does not use
        cmd.add("-XX:+UseG1GC");
        cmd.add("-XX:+ParallelRefProcEnabled");
        cmd.add("-XX:MaxTenuringThreshold=1");
        cmd.add("-XX:G1RSetUpdatingPauseTimePercent=5");
        cmd.add("-XX:MaxGCPauseMillis=300");
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.add("-Djdk.attach.allowAttachSelf=true");
        cmd.addAll(JPMS);
        cmd.add("-Dio.netty.tryReflectionSetAccessible=true");
        cmd.add("-Dio.netty.allocator.useCacheForAllThreads=true");
        cmd.add("-Dio.netty.allocator.maxOrder=11");
        jars.stream().filter(j -> j.getFileName().toString().startsWith("jamm-")).findFirst()
                .ifPresent(jamm -> cmd.add("-javaagent:" + jamm));
        cmd.add("-Dcassandra-foreground=yes");
        cmd.add("-Dcassandra.config=" + layout.yaml().toUri());
        cmd.add("-Dcassandra.storagedir=" + layout.root());
        cmd.add("-Dcassandra.logdir=" + layout.logFile().getParent());
        cmd.add("-Dcassandra.triggers_dir=" + layout.triggers());
        cmd.add("-Dlogback.configurationFile=" + layout.logback().toUri());
        cmd.add("-Dcassandra.jmx.local.port=" + ports.jmx());
        cmd.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        cmd.add("-Dcassandra.superuser_setup_delay_ms=0");
        cmd.add("-D" + ParentWatchdog.HALT_AFTER_PROPERTY + "=" + haltAfterMs);
        cmd.add("-cp");
        cmd.add(layout.launcherClasses() + File.pathSeparator
                + jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        cmd.add(ParentWatchdog.class.getName());
        return cmd;
    }
}
