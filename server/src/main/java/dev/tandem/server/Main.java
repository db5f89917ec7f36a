package dev.tandem.server;

import ch.qos.logback.core.spi.LifeCycle;
import com.typesafe.config.ConfigException;
import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar tandem-server.jar [--port N] [--host ADDR] [--config FILE] [--history memory|embedded|cassandra]}.
 * Runs until SIGTERM/SIGINT, then shuts down gracefully: live sessions are deactivated and their members told.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Netty's leak detection level, as Netty reads it (also under its older name). */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";
    private static final String LEAK_DETECTION_OLD = "io.netty.leakDetectionLevel";
    /** Reactor Netty's number of event loops (its default: the CPUs, but at least 4). */
    static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        nettyDefaults(System.getProperties(), Runtime.getRuntime().availableProcessors());
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tandem: " + e.getMessage());
            System.err.println(Arguments.USAGE);
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(Arguments.USAGE);
            return;
        }
        TandemConfig config;
        try {
            config = TandemConfig.load(arguments.configFile(), System.getenv(), arguments.overrides());
        } catch (ConfigException e) {
            System.err.println("tandem: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        RunningTandem running;
        try {
            running = TandemServer.create(config).start().block(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            LOG.error("Tandem failed to start: {}", e.getMessage(), e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down: deactivating live sessions and telling their members");
            try {
                running.shutdown().block(config.shutdownGrace().plusSeconds(30));
            } catch (RuntimeException e) {
                LOG.warn("Shutdown did not complete cleanly: {}", e.toString());
            }
            flushLogs();
            stopped.countDown();
        }, "tandem-shutdown"));
        running.onDispose().block();
        stopped.await();
    }

    /**
     * Writes out the lines the asynchronous appender still holds (logback.xml) and stops Logback: last, so that the
     * shutdown's own lines are among them (Logback's shutdown hook would run beside this one and drop them).
     */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LifeCycle logback) {
            logback.stop();
        }
    }

    /**
     * Netty's leak detector records a stack trace for a sample of the buffers it hands out: 2.6 % of the server's CPU
     * under load (docs/benchmarks.md). The server turns it off unless the level was given
     * ({@code -Dio.netty.leakDetection.level=simple} to track leaks in production; tests that start the server in
     * their own JVM keep Netty's default). Must run before Netty's classes load.
     *
     * <p>One event loop per CPU the JVM may use ({@code cpus}), unless {@code -Dreactor.netty.ioWorkerCount} says
     * otherwise: nothing blocks a loop here, so more loops than CPUs only add hand-offs between them (an agent's
     * frame written from the master's loop wakes the agent's) and context switches. Reactor Netty's own default is at
     * least 4: on one CPU, 1 loop instead of 4 measured p50 / p99 1.45 / 92.5 ms instead of 12.05 / 117 ms for the
     * same (overloading) load, with 0.85 cores instead of 0.91 (docs/benchmarks.md).
     */
    static void nettyDefaults(Properties properties, int cpus) {
        if (properties.getProperty(LEAK_DETECTION) == null && properties.getProperty(LEAK_DETECTION_OLD) == null) {
            properties.setProperty(LEAK_DETECTION, "disabled");
        }
        if (properties.getProperty(IO_WORKERS) == null) {
            properties.setProperty(IO_WORKERS, Integer.toString(Math.max(1, cpus)));
        }
    }

    /** The parsed command line. */
    record Arguments(Optional<File> configFile, Map<String, Object> overrides, boolean help) {
        static final String USAGE = """
                Usage: java -jar tandem-server.jar [options]
                  --port N                         HTTP port (default 8700; 0 picks a free one)
                  --host ADDR                      bind address (default 0.0.0.0)
                  --config FILE                    configuration file (HOCON/JSON; see reference.conf)
                  --history memory|embedded|cassandra  where session history is kept
                  --help                           this text
                Every setting can also be given as a system property (-Dtandem.port=9000)
                or an environment variable (TANDEM_PORT=9000); see docs/configuration.md.""";

        static Arguments parse(String[] args) {
            Map<String, Object> overrides = new LinkedHashMap<>();
            Optional<File> file = Optional.empty();
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String name = arg;
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    name = arg.substring(0, eq);
                    value = arg.substring(eq + 1);
                }
                switch (name) {
                    case "--help", "-h" -> help = true;
                    case "--port", "--host", "--config", "--history" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(name + " needs a value");
                            }
                            value = args[++i];
                        }
                        switch (name) {
                            case "--port" -> {
                                try {
                                    overrides.put(TandemConfig.Key.PORT.fullPath(), Integer.parseInt(value));
                                } catch (NumberFormatException e) {
                                    throw new IllegalArgumentException("--port needs a number, got '" + value + "'");
                                }
                            }
                            case "--host" -> overrides.put(TandemConfig.Key.HOST.fullPath(), value);
                            case "--history" -> overrides.put(TandemConfig.Key.HISTORY_STORE.fullPath(), value);
                            default -> file = Optional.of(new File(value));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            return new Arguments(file, overrides, help);
        }
    }
}
