package dev.tandem.core;

import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.core.internal.DefaultSessionEngine;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Builds a {@link SessionEngine}. Every setter checks its argument and returns this builder.
 *
 * <p>The {@link Scheduler} is the engine's only source of time: its {@code now()} stamps every event
 * and its timers drive every timeout, so a {@code VirtualTimeScheduler} tests them all in virtual time.
 */
public final class SessionEngineBuilder {
    private SessionOptions options = SessionOptions.DEFAULT;
    private Scheduler scheduler = Schedulers.parallel();
    private HistoryStore historyStore;
    private Random random;

    SessionEngineBuilder() {
    }

    public SessionEngineBuilder options(SessionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** Clock and timers. Default: {@link Schedulers#parallel()}. */
    public SessionEngineBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Where session history goes. Default: a new {@link InMemoryHistoryStore} (not durable). */
    public SessionEngineBuilder historyStore(HistoryStore historyStore) {
        this.historyStore = Objects.requireNonNull(historyStore, "historyStore");
        return this;
    }

    /**
     * Source of tokens. Default: a {@link SecureRandom} (DRBG, seeded when {@link #build()} runs, so that
     * drawing a token never reads a device file on an event-loop thread); tests may pass a seeded one.
     */
    public SessionEngineBuilder random(Random random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    public SessionEngine build() {
        return new DefaultSessionEngine(options, scheduler,
                historyStore != null ? historyStore : new InMemoryHistoryStore(),
                random != null ? random : DefaultSessionEngine.secureRandom());
    }
}
