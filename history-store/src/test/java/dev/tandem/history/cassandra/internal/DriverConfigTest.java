package dev.tandem.history.cassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.DriverExecutionProfile;
import dev.tandem.history.cassandra.CassandraOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverConfigTest {

    @Test
    void should_throttle_and_not_reconnect_on_init_when_configured_from_defaults() {
        DriverExecutionProfile p = profile(CassandraOptions.DEFAULT);

        assertThat(p.getStringList(DefaultDriverOption.CONTACT_POINTS)).containsExactly("127.0.0.1:9042");
        assertThat(p.getString(DefaultDriverOption.LOAD_BALANCING_LOCAL_DATACENTER)).isEqualTo("datacenter1");
        assertThat(p.getString(DefaultDriverOption.REQUEST_THROTTLER_CLASS)).isEqualTo("ConcurrencyLimitingRequestThrottler");
        assertThat(p.getInt(DefaultDriverOption.REQUEST_THROTTLER_MAX_CONCURRENT_REQUESTS)).isEqualTo(64 + 16);
        assertThat(p.getBoolean(DefaultDriverOption.RECONNECT_ON_INIT)).isFalse();
        assertThat(p.getDuration(DefaultDriverOption.REQUEST_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.getDuration(DefaultDriverOption.RECONNECTION_MAX_DELAY)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.isDefined(DefaultDriverOption.AUTH_PROVIDER_CLASS)).isFalse();
        assertThat(p.isDefined(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isFalse();
    }

    @Test
    void should_authenticate_and_use_tls_when_asked() {
        DriverExecutionProfile p = profile(CassandraOptions.DEFAULT.toBuilder()
                .contactPoints(List.of("db1:9142")).credentials("tandem", "s3cret").tls(true).build());

        assertThat(p.getString(DefaultDriverOption.AUTH_PROVIDER_CLASS)).isEqualTo("PlainTextAuthProvider");
        assertThat(p.getString(DefaultDriverOption.AUTH_PROVIDER_USER_NAME)).isEqualTo("tandem");
        assertThat(p.getString(DefaultDriverOption.SSL_ENGINE_FACTORY_CLASS)).isEqualTo("DefaultSslEngineFactory");
    }

    private static DriverExecutionProfile profile(CassandraOptions options) {
        try (DriverConfigLoader loader = DriverConfig.forStore(options)) {
            return loader.getInitialConfig().getDefaultProfile();
        }
    }
}
