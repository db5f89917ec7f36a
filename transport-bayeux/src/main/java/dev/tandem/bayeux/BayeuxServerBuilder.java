package dev.tandem.bayeux;

import dev.tandem.bayeux.internal.BayeuxServerImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Builds a {@link BayeuxServer}. Every setter checks its argument and returns this builder. */
public final class BayeuxServerBuilder {
    private BayeuxOptions options = BayeuxOptions.DEFAULT;
    private MeterRegistry meterRegistry;
    private Scheduler scheduler = Schedulers.parallel();

    BayeuxServerBuilder() {
    }

    /** Bounds, timeouts and advice. Default: {@link BayeuxOptions#DEFAULT}. */
    public BayeuxServerBuilder options(BayeuxOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** Where meters go. Default: a new {@link SimpleMeterRegistry}. */
    public BayeuxServerBuilder meterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        return this;
    }

    /** Clock and timers (held connects, sweeping). Default: {@link Schedulers#parallel()}. */
    public BayeuxServerBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** A new server; its sweeper starts at once. */
    public BayeuxServer build() {
        return new BayeuxServerImpl(options, meterRegistry != null ? meterRegistry : new SimpleMeterRegistry(), scheduler);
    }
}
