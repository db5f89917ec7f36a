package dev.tandem.server.internal;

import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.history.cassandra.CassandraHistoryStore;
import dev.tandem.history.cassandra.CassandraOptions;
import dev.tandem.history.cassandra.HistoryStoreMetrics;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandra;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import dev.tandem.server.TandemConfig;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Opens the history store that the configuration names ({@code tandem.history.store}). */
public final class HistoryStores {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryStores.class);

    private HistoryStores() {
    }

    /**
     * An open store, where chat transcripts go (the same store: both kinds share its backlog and retention), what
     * to call it in logs and health, whether it reaches its database, its own metrics (if it has more than the
     * backlog), and how to close it together with whatever it started.
     */
    public record Opened(HistoryStore store, TranscriptStore transcripts, String description, BooleanSupplier connected,
                         Optional<MeterBinder> metrics, Supplier<Mono<Void>> closer) {
        public Mono<Void> close() {
            return closer.get();
        }
    }

    public static Mono<Opened> open(TandemConfig config) {
        return switch (config.historyStore()) {
            case MEMORY -> Mono.fromSupplier(() -> {
                InMemoryHistoryStore store = new InMemoryHistoryStore();
                return new Opened(store, store, "memory (not durable: history is lost when the server stops)",
                        () -> true, Optional.empty(), Mono::empty);
            });
            case CASSANDRA -> Mono.fromSupplier(() -> {
                CassandraOptions options = config.cassandraOptions();
                return cassandra(options, "cassandra " + String.join(",", options.contactPoints())
                        + " (datacenter " + options.localDatacenter() + ", keyspace " + options.keyspace() + ")", Mono::empty);
            });
            case EMBEDDED -> embedded(config.embeddedCassandraOptions(), config.cassandraOptions());
        };
    }

    /**
     * Starts the embedded node (about 10 s) and a store on it; the node is stopped when the store is closed.
     * A node that cannot start fails the start-up with the launcher's message (missing jars, a data
     * directory in use, the end of the node's log).
     */
    private static Mono<Opened> embedded(EmbeddedCassandraOptions nodeOptions, CassandraOptions storeOptions) {
        LOG.info("Starting the embedded Cassandra node for session history (data in {}); "
                + "use --history memory to run without it", nodeOptions.dataDirectory());
        return EmbeddedCassandra.start(nodeOptions).map(node -> {
            LOG.info("Embedded Cassandra {} answers on {} (log {})", node.releaseVersion(), node.contactPoint(), node.logFile());
            return cassandra(node.clientOptions(storeOptions), "embedded Cassandra " + node.releaseVersion() + " on "
                    + node.contactPoint() + " (data in " + nodeOptions.dataDirectory() + ")", node::stop);
        });
    }

    /** The store connects in the background: Cassandra being down never fails the start-up. */
    private static Opened cassandra(CassandraOptions options, String description, Supplier<Mono<Void>> afterClose) {
        CassandraHistoryStore store = CassandraHistoryStore.builder().options(options).start();
        return new Opened(store, store, description, store::isConnected, Optional.of(new HistoryStoreMetrics(store)),
                () -> store.close().onErrorResume(e -> {
                    LOG.warn("Closing the history store failed: {}", e.toString());
                    return Mono.empty();
                }).then(Mono.defer(afterClose)));
    }
}
