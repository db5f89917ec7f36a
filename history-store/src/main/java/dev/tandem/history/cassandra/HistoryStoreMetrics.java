package dev.tandem.history.cassandra;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;

/**
 * Publishes {@link CassandraHistoryStore#stats()} to Micrometer: the counter
 * {@code tandem.history.records} tagged {@code outcome=written|retried|rejected}, and the gauges
 * {@code tandem.history.backlog}, {@code tandem.history.in.flight} and {@code tandem.history.connected}.
 */
public final class HistoryStoreMetrics implements MeterBinder {
    private final CassandraHistoryStore store;

    public HistoryStoreMetrics(CassandraHistoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "written", "History records durably written", s -> s.stats().written());
        counter(registry, "retried", "Failed history writes scheduled again", s -> s.stats().retried());
        counter(registry, "rejected", "History records refused (backlog full or store closed)", s -> s.stats().rejected());
        Gauge.builder("tandem.history.backlog", store, s -> s.stats().backlog())
                .description("History records accepted but not yet written").register(registry);
        Gauge.builder("tandem.history.in.flight", store, s -> s.stats().inFlight())
                .description("History writes awaiting Cassandra's answer").register(registry);
        Gauge.builder("tandem.history.connected", store, s -> s.isConnected() ? 1 : 0)
                .description("1 when the history store is connected to Cassandra").register(registry);
    }

    private void counter(MeterRegistry registry, String outcome, String description,
                         java.util.function.ToDoubleFunction<CassandraHistoryStore> f) {
        FunctionCounter.builder("tandem.history.records", store, f)
                .tag("outcome", outcome).description(description).register(registry);
    }
}
