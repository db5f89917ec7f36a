package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import dev.tandem.history.cassandra.CassandraOptions;
import java.time.Duration;

/**
 * The Java driver's configuration, set programmatically from {@link CassandraOptions} over the driver's
 * own {@code reference.conf}. What matters for us (see LESSONS.md, Deployment):
 * <ul>
 *   <li>no reconnect-on-init: the store runs its own connect loop, which it can stop on close, so a
 *       start-up with Cassandra down fails nothing and leaks nothing;</li>
 *   <li>a concurrency-limiting throttler, sized for the writer's in-flight bound plus room for reads;</li>
 *   <li>every statement the store sends is marked idempotent, so the default retry policy may retry it.</li>
 * </ul>
 */
public final class DriverConfig {
    /** Throttler slots beyond the writer's, so that reads are never queued behind a backlog flush. */
    static final int READ_HEADROOM = 16;
    /**
     * Given explicitly: sessions are built on Reactor and driver threads, whose context class loader may be
     * unset, and the driver's configuration loading would then fail.
     */
    public static final ClassLoader CLASS_LOADER = DriverConfig.class.getClassLoader();

    private DriverConfig() {
    }

    /** The loader for the store's session. */
    public static DriverConfigLoader forStore(CassandraOptions o) {
        ProgrammaticDriverConfigLoaderBuilder b = common(DriverConfigLoader.programmaticBuilder(CLASS_LOADER), o.connectTimeout())
                .withString(DefaultDriverOption.SESSION_NAME, "tandem-history")
                .withStringList(DefaultDriverOption.CONTACT_POINTS, o.contactPoints())
                .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, o.localDatacenter())
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, o.requestTimeout())
                .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                .withString(DefaultDriverOption.RECONNECTION_POLICY_CLASS, "ExponentialReconnectionPolicy")
                .withDuration(DefaultDriverOption.RECONNECTION_BASE_DELAY, min(Duration.ofMillis(500), o.retryMaxDelay()))
                .withDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY, o.retryMaxDelay())
                .withString(DefaultDriverOption.REQUEST_THROTTLER_CLASS, "ConcurrencyLimitingRequestThrottler")
                .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS, o.maxInFlight() + READ_HEADROOM)
                .withInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_QUEUE_SIZE, 4 * (o.maxInFlight() + READ_HEADROOM))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Schema.DDL_TIMEOUT);
        if (o.username().isPresent()) {
            b = b.withString(DefaultDriverOption.AUTH_PROVIDER_CLASS, "PlainTextAuthProvider")
                    .withString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME, o.username().get())
                    .withString(DefaultDriverOption.AUTH_PROVIDER_PASSWORD, o.password().orElse(""));
        }
        if (o.tls()) {
            b = b.withString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS, "DefaultSslEngineFactory");
        }
        return b.build();
    }

    /** A small, short-lived session's loader (the embedded node's readiness probe). */
    public static DriverConfigLoader forProbe(String contactPoint, String localDatacenter, Duration timeout) {
        return common(DriverConfigLoader.programmaticBuilder(CLASS_LOADER), timeout)
                .withString(DefaultDriverOption.SESSION_NAME, "tandem-embedded-probe")
                .withStringList(DefaultDriverOption.CONTACT_POINTS, java.util.List.of(contactPoint))
                .withString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER, localDatacenter)
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, timeout)
                .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
                .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
                .build();
    }

    private static ProgrammaticDriverConfigLoaderBuilder common(ProgrammaticDriverConfigLoaderBuilder b,
                                                                Duration connectTimeout) {
        return b.withBoolean(DefaultDriverOption.RECONNECT_ON_INIT, false)
                .withDuration(DefaultDriverOption.CONNECTION_CONNECT_TIMEOUT, connectTimeout)
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, connectTimeout)
                .withInt(DefaultDriverOption.CONNECTION_POOL_LOCAL_SIZE, 1)
                .withInt(DefaultDriverOption.CONNECTION_POOL_REMOTE_SIZE, 1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
