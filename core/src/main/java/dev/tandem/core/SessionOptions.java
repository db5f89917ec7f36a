package dev.tandem.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds and timeouts of the session engine. Immutable; start from {@link #DEFAULT} and change with
 * {@link #toBuilder()}.
 *
 * @param maxInterval       how long a master may stay disconnected before the session ends with
 *                          {@link EndReason#MASTER_TIMEOUT}; matches the client's maxOfflineDuration (600 s)
 * @param inactivityTimeout how long a session may wait for its first agent (slave) before it ends with
 *                          {@link EndReason#INACTIVITY_TIMEOUT}
 * @param maxLiveSessions   live sessions this node accepts; creation beyond fails with {@link CapacityException}
 * @param maxMembers        members (of all roles) one session accepts
 * @param maxPages          page visits one session records
 * @param maxUrlLength      longest page URL accepted in a page report
 * @param maxStreamLogBytes budget of one session's page-stream log (latest snapshot + increments)
 * @param maxStreamChunkBytes largest single page-stream batch (a full snapshot may be megabytes)
 * @param maxControlBytes   largest control message
 * @param maxStreamLogTotalBytes budget of all sessions' page-stream logs on this node together; beyond it,
 *                          logs are dropped and late agents get the page from the customer's browser (default:
 *                          a quarter of the JVM's maximum heap)
 */
public record SessionOptions(Duration maxInterval, Duration inactivityTimeout, int maxLiveSessions,
                             int maxMembers, int maxPages, int maxUrlLength, int maxStreamLogBytes,
                             int maxStreamChunkBytes, int maxControlBytes, long maxStreamLogTotalBytes) {

    public static final SessionOptions DEFAULT = new SessionOptions(
            Duration.ofSeconds(600), Duration.ofSeconds(600), 100_000, 32, 1_000, 8_192,
            16 * 1024 * 1024, 8 * 1024 * 1024, 16 * 1024, defaultStreamLogTotalBytes());

    /** A quarter of the maximum heap, but at least one session's worth (16 MiB). */
    public static long defaultStreamLogTotalBytes() {
        return Math.max(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);
    }

    public SessionOptions {
        requirePositive(maxInterval, "maxInterval");
        requirePositive(inactivityTimeout, "inactivityTimeout");
        requirePositive(maxLiveSessions, "maxLiveSessions");
        requirePositive(maxMembers, "maxMembers");
        requirePositive(maxPages, "maxPages");
        requirePositive(maxUrlLength, "maxUrlLength");
        requirePositive(maxStreamLogBytes, "maxStreamLogBytes");
        requirePositive(maxStreamChunkBytes, "maxStreamChunkBytes");
        requirePositive(maxControlBytes, "maxControlBytes");
        if (maxStreamChunkBytes > maxStreamLogBytes) {
            throw new IllegalArgumentException("maxStreamChunkBytes must not exceed maxStreamLogBytes");
        }
        if (maxStreamLogTotalBytes < maxStreamLogBytes) {
            throw new IllegalArgumentException("maxStreamLogTotalBytes (" + maxStreamLogTotalBytes
                    + ") must be at least one session's maxStreamLogBytes (" + maxStreamLogBytes + ")");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requirePositive(int n, String name) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + n);
        }
    }

    /** Builds changed copies of a {@link SessionOptions}. */
    public static final class Builder {
        private Duration maxInterval;
        private Duration inactivityTimeout;
        private int maxLiveSessions;
        private int maxMembers;
        private int maxPages;
        private int maxUrlLength;
        private int maxStreamLogBytes;
        private int maxStreamChunkBytes;
        private int maxControlBytes;
        private long maxStreamLogTotalBytes;

        private Builder(SessionOptions o) {
            maxInterval = o.maxInterval;
            inactivityTimeout = o.inactivityTimeout;
            maxLiveSessions = o.maxLiveSessions;
            maxMembers = o.maxMembers;
            maxPages = o.maxPages;
            maxUrlLength = o.maxUrlLength;
            maxStreamLogBytes = o.maxStreamLogBytes;
            maxStreamChunkBytes = o.maxStreamChunkBytes;
            maxControlBytes = o.maxControlBytes;
            maxStreamLogTotalBytes = o.maxStreamLogTotalBytes;
        }

        public Builder maxInterval(Duration v) { maxInterval = v; return this; }
        public Builder inactivityTimeout(Duration v) { inactivityTimeout = v; return this; }
        public Builder maxLiveSessions(int v) { maxLiveSessions = v; return this; }
        public Builder maxMembers(int v) { maxMembers = v; return this; }
        public Builder maxPages(int v) { maxPages = v; return this; }
        public Builder maxUrlLength(int v) { maxUrlLength = v; return this; }
        public Builder maxStreamLogBytes(int v) { maxStreamLogBytes = v; return this; }
        public Builder maxStreamChunkBytes(int v) { maxStreamChunkBytes = v; return this; }
        public Builder maxControlBytes(int v) { maxControlBytes = v; return this; }
        public Builder maxStreamLogTotalBytes(long v) { maxStreamLogTotalBytes = v; return this; }

        public SessionOptions build() {
            return new SessionOptions(maxInterval, inactivityTimeout, maxLiveSessions, maxMembers, maxPages, maxUrlLength,
                    maxStreamLogBytes, maxStreamChunkBytes, maxControlBytes, maxStreamLogTotalBytes);
        }
    }
}
