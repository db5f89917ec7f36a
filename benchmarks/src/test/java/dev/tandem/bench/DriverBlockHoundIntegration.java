package dev.tandem.bench;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets BlockHound pass one known blocking call outside this module: the Cassandra driver reads its
 * {@code reference.conf} from a jar when a session is built, and {@code CassandraHistoryStore} retries
 * connecting on Reactor's parallel scheduler (reported to history-store's owner). Everything else stays
 * checked.
 */
public final class DriverBlockHoundIntegration implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.datastax.oss.driver.api.core.session.SessionBuilder", "buildAsync");
    }
}
