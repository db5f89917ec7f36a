package dev.tandem.history.cassandra.embedded.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded node's main class, run in the node's JVM (its class file is copied there; it uses only
 * the JDK). It starts Cassandra and watches standard input, a pipe from the parent: when the pipe closes
 * — the parent ended, even if killed — it shuts the node down gracefully, and halts it if that hangs.
 * So the node never outlives the server that started it.
 *
 * <p>This file must stay a single class with no nested or anonymous classes (lambdas are fine).
 */
public final class ParentWatchdog {
    static final String MAIN_CLASS = "org.apache.cassandra.service.CassandraDaemon";
    /** Overrides {@link #MAIN_CLASS}, for tests. */
    static final String MAIN_CLASS_PROPERTY = "tandem.embedded.main-class";
    static final String HALT_AFTER_PROPERTY = "tandem.embedded.halt-after-ms";

    private ParentWatchdog() {
    }

    public static void main(String[] args) throws Throwable {
        long haltAfterMs = Long.getLong(HALT_AFTER_PROPERTY, 30_000L);
        Thread watchdog = new Thread(() -> watch(System.in, haltAfterMs), "tandem-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(System.getProperty(MAIN_CLASS_PROPERTY, MAIN_CLASS)).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watch(InputStream parent, long haltAfterMs) {
        try {
            while (parent.read() != -1) {
                // the parent never writes; reading only waits for the pipe to close
            }
        } catch (IOException e) {
            // a broken pipe means the same: the parent is gone
        }
        System.err.println("tandem: the parent process ended; stopping the embedded Cassandra node");
        CompletableFuture.delayedExecutor(haltAfterMs, TimeUnit.MILLISECONDS)
                .execute(() -> Runtime.getRuntime().halt(1));
        System.exit(0);
    }
}
