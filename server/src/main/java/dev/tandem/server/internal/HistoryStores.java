package dev.tandem.server.internal;

import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.server.TandemConfig;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Opens the history store that the configuration names ({@code tandem.history.store}). */
public final class HistoryStores {
    private HistoryStores() {
    }

    /** An open store, what to call it in logs, and how to close it (with whatever it started). */
    public record Opened(HistoryStore store, String description, Supplier<Mono<Void>> closer) {
        public Mono<Void> close() {
            return closer.get();
        }
    }

    public static Mono<Opened> open(TandemConfig config) {
        return switch (config.historyStore()) {
            case MEMORY -> Mono.fromSupplier(() -> {
                InMemoryHistoryStore store = new InMemoryHistoryStore();
                return new Opened(store, "memory (not durable: history is lost when the server stops)", Mono::empty);
            });
            case EMBEDDED, CASSANDRA -> Mono.error(new IllegalStateException(
                    "history store '" + config.historyStore().name().toLowerCase()
                            + "' is not available in this build; use --history memory"));
        };
    }
}
