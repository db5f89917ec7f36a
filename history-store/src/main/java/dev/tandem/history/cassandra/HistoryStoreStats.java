package dev.tandem.history.cassandra;

/**
 * A snapshot of {@link CassandraHistoryStore}'s counters.
 *
 * @param written   records durably written since start
 * @param retried   failed write attempts that were scheduled again (one record may count several times)
 * @param rejected  records refused because the backlog was full, or because the store was closed
 * @param backlog   records accepted but not yet written (queued, waiting for a retry or in flight)
 * @param inFlight  writes sent to Cassandra and not yet answered
 * @param connected       whether the store has a session to Cassandra with its schema in place
 * @param connectAttempts how often the store tried to connect (1 once connected at the first try)
 */
public record HistoryStoreStats(long written, long retried, long rejected, long backlog, int inFlight,
                                boolean connected, long connectAttempts) {
}
