package dev.tandem.history.cassandra.embedded.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.tandem.history.cassandra.internal.DriverConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Whether a node answers CQL: its port accepts connections, then {@code system.local} can be read. */
public final class Readiness {
    private Readiness() {
    }

    /** Completes when the port accepts a TCP connection; errors otherwise. Non-blocking. */
    public static Mono<Void> portOpen(String host, int port) {
        return Mono.create(sink -> {
            AsynchronousSocketChannel channel;
            try {
                channel = AsynchronousSocketChannel.open();
            } catch (IOException e) {
                sink.error(e);
                return;
            }
            sink.onDispose(() -> closeQuietly(channel));
            channel.connect(new InetSocketAddress(host, port), null, new CompletionHandler<Void, Void>() {
                @Override
                public void completed(Void result, Void attachment) {
                    sink.success();
                }

                @Override
                public void failed(Throwable error, Void attachment) {
                    sink.error(error);
                }
            });
        });
    }

    /**
     * The node's {@code release_version}, read through a short-lived driver session. The answer does not wait more
     * than {@code timeout} for the session to close: the driver shuts its event loops down from Netty's global
     * executor, and a close that never completes there (seen once in CI, the shutdown refused by BlockHound) must
     * not hold a node that answered.
     */
    public static Mono<String> releaseVersion(String host, int port, String localDatacenter, Duration timeout) {
        return Mono.usingWhen(
                Mono.fromCompletionStage(() -> CqlSession.builder().withClassLoader(DriverConfig.CLASS_LOADER)
                        .withConfigLoader(DriverConfig.forProbe(host + ":" + port, localDatacenter, timeout))
                        .buildAsync()),
                session -> Mono.fromCompletionStage(() -> session.executeAsync(
                                "SELECT release_version FROM system.local"))
                        .map(rs -> {
                            Row row = rs.one();
                            return row == null ? "unknown" : row.getString(0);
                        }),
                session -> closed(session::closeAsync, timeout));
    }

    /** {@code close}, waited for at most {@code timeout}; never fails. */
    static Mono<Void> closed(Supplier<? extends CompletionStage<Void>> close, Duration timeout) {
        return Mono.fromCompletionStage(close).timeout(timeout).onErrorResume(e -> Mono.empty());
    }

    private static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
