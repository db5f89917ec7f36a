package dev.tandem.bayeux;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Bounds, timeouts and advice of a {@link BayeuxServer}. Immutable; start from {@link #DEFAULT} and change
 * with {@link #toBuilder()}.
 *
 * @param path                  where the endpoint is mounted; sub-paths one segment deep ({@code /connect},
 *                              {@code /handshake}, as the JS client appends) are served too
 * @param transports            the connection types offered, in the server's order of preference:
 *                              {@code websocket}, {@code long-polling}, {@code callback-polling}
 * @param timeout               how long a {@code /meta/connect} is held (advice {@code timeout})
 * @param maxClientTimeout      the longest hold a client may ask for with its own {@code advice.timeout}
 * @param interval              advice {@code interval}: the pause between connects
 * @param maxInterval           a client that neither holds nor sends a connect for this long is removed
 * @param multiSessionInterval  advice {@code interval} for extra long-polling clients of one browser
 * @param maxSessionsPerBrowser held long-polling connects allowed per {@code BAYEUX_BROWSER} id
 * @param browserCookieName     the browser cookie's name
 * @param browserCookieDomain   the browser cookie's domain; empty for the request's host
 * @param browserCookieSecure   whether the browser cookie is marked {@code Secure} (and {@code SameSite=None})
 * @param maxQueueMessages      messages a client's outbound queue holds (unacknowledged ones included)
 * @param maxQueueBytes         bytes a client's outbound queue holds; must exceed what a late-joining agent is sent
 *                              at once — the session's page-stream log (16 MiB in the engine's defaults) plus the
 *                              live batches meanwhile — hence 32 MiB (the bytes of a message queued for many clients
 *                              are shared, not copied)
 * @param maxMessageBytes       the largest ordinary message
 * @param maxLargeMessageBytes  the largest message on a {@code largeMessageChannels} channel; also the
 *                              largest WebSocket message and HTTP body
 * @param largeMessageChannels  channel patterns (Bayeux wildcards allowed) whose messages may be large (page
 *                              snapshots)
 * @param maxBatchMessages      messages one inbound batch may hold; also the most messages one delivery carries
 * @param maxClients            clients this server accepts; handshakes beyond get {@code 503}
 * @param sweepPeriod           how often expired clients are looked for
 * @param webSocketIdleTimeout  a WebSocket that receives nothing for this long is closed
 * @param requestReadTimeout    the longest wait for an HTTP request body
 * @param serviceTimeout        the longest wait for a {@link ServiceHandler}'s reply
 * @param compression           whether WebSocket permessage-deflate is negotiated (inflated size capped at
 *                              {@code maxLargeMessageBytes})
 */
public record BayeuxOptions(String path, List<String> transports, Duration timeout, Duration maxClientTimeout,
                            Duration interval, Duration maxInterval, Duration multiSessionInterval,
                            int maxSessionsPerBrowser, String browserCookieName, Optional<String> browserCookieDomain,
                            boolean browserCookieSecure, int maxQueueMessages, long maxQueueBytes,
                            int maxMessageBytes, int maxLargeMessageBytes, List<String> largeMessageChannels,
                            int maxBatchMessages, int maxClients, Duration sweepPeriod,
                            Duration webSocketIdleTimeout, Duration requestReadTimeout, Duration serviceTimeout,
                            boolean compression) {

    /** The three transports CometD clients know. */
    public static final List<String> ALL_TRANSPORTS = List.of("websocket", "long-polling", "callback-polling");

    private static final int MIB = 1024 * 1024;

    /** The defaults; see {@code docs/protocol.md} for the advice they produce. */
    public static final BayeuxOptions DEFAULT = new BayeuxOptions("/cobrowse/cometd", ALL_TRANSPORTS,
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(10),
            Duration.ofSeconds(2), 1, "BAYEUX_BROWSER", Optional.empty(), false, 1_000, 32L * MIB,
            MIB, 8 * MIB, List.of("/service/session/stream"), 100, 100_000,
            Duration.ofSeconds(1), Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(30), true);

    public BayeuxOptions {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("{") || path.contains("*")) {
            throw new IllegalArgumentException("path must start with '/', not end with '/', and hold no pattern: " + path);
        }
        transports = List.copyOf(transports);
        if (transports.isEmpty() || !ALL_TRANSPORTS.containsAll(transports)) {
            throw new IllegalArgumentException("transports must be a non-empty subset of " + ALL_TRANSPORTS + ": " + transports);
        }
        requireNonNegative(timeout, "timeout");
        requireNonNegative(maxClientTimeout, "maxClientTimeout");
        requireNonNegative(interval, "interval");
        requirePositive(maxInterval, "maxInterval");
        requireNonNegative(multiSessionInterval, "multiSessionInterval");
        requirePositive(maxSessionsPerBrowser, "maxSessionsPerBrowser");
        Objects.requireNonNull(browserCookieName, "browserCookieName");
        Objects.requireNonNull(browserCookieDomain, "browserCookieDomain");
        requirePositive(maxQueueMessages, "maxQueueMessages");
        requirePositive(maxQueueBytes, "maxQueueBytes");
        requirePositive(maxMessageBytes, "maxMessageBytes");
        if (maxLargeMessageBytes < maxMessageBytes) {
            throw new IllegalArgumentException("maxLargeMessageBytes (" + maxLargeMessageBytes
                    + ") must be at least maxMessageBytes (" + maxMessageBytes + ")");
        }
        largeMessageChannels = List.copyOf(largeMessageChannels);
        requirePositive(maxBatchMessages, "maxBatchMessages");
        requirePositive(maxClients, "maxClients");
        requirePositive(sweepPeriod, "sweepPeriod");
        requirePositive(webSocketIdleTimeout, "webSocketIdleTimeout");
        requirePositive(requestReadTimeout, "requestReadTimeout");
        requirePositive(serviceTimeout, "serviceTimeout");
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void requireNonNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    private static void requirePositive(Duration d, String name) {
        requireNonNegative(d, name);
        if (d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void requirePositive(long n, String name) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + n);
        }
    }

    /** Builds changed copies of {@link BayeuxOptions}; {@link #build()} checks every value. */
    public static final class Builder {
        private String path;
        private List<String> transports;
        private Duration timeout;
        private Duration maxClientTimeout;
        private Duration interval;
        private Duration maxInterval;
        private Duration multiSessionInterval;
        private int maxSessionsPerBrowser;
        private String browserCookieName;
        private Optional<String> browserCookieDomain;
        private boolean browserCookieSecure;
        private int maxQueueMessages;
        private long maxQueueBytes;
        private int maxMessageBytes;
        private int maxLargeMessageBytes;
        private List<String> largeMessageChannels;
        private int maxBatchMessages;
        private int maxClients;
        private Duration sweepPeriod;
        private Duration webSocketIdleTimeout;
        private Duration requestReadTimeout;
        private Duration serviceTimeout;
        private boolean compression;

        private Builder(BayeuxOptions o) {
            path = o.path;
            transports = o.transports;
            timeout = o.timeout;
            maxClientTimeout = o.maxClientTimeout;
            interval = o.interval;
            maxInterval = o.maxInterval;
            multiSessionInterval = o.multiSessionInterval;
            maxSessionsPerBrowser = o.maxSessionsPerBrowser;
            browserCookieName = o.browserCookieName;
            browserCookieDomain = o.browserCookieDomain;
            browserCookieSecure = o.browserCookieSecure;
            maxQueueMessages = o.maxQueueMessages;
            maxQueueBytes = o.maxQueueBytes;
            maxMessageBytes = o.maxMessageBytes;
            maxLargeMessageBytes = o.maxLargeMessageBytes;
            largeMessageChannels = o.largeMessageChannels;
            maxBatchMessages = o.maxBatchMessages;
            maxClients = o.maxClients;
            sweepPeriod = o.sweepPeriod;
            webSocketIdleTimeout = o.webSocketIdleTimeout;
            requestReadTimeout = o.requestReadTimeout;
            serviceTimeout = o.serviceTimeout;
            compression = o.compression;
        }

        public Builder path(String v) { path = v; return this; }
        public Builder transports(List<String> v) { transports = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder maxClientTimeout(Duration v) { maxClientTimeout = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder maxInterval(Duration v) { maxInterval = v; return this; }
        public Builder multiSessionInterval(Duration v) { multiSessionInterval = v; return this; }
        public Builder maxSessionsPerBrowser(int v) { maxSessionsPerBrowser = v; return this; }
        public Builder browserCookieName(String v) { browserCookieName = v; return this; }
        public Builder browserCookieDomain(Optional<String> v) { browserCookieDomain = v; return this; }
        public Builder browserCookieSecure(boolean v) { browserCookieSecure = v; return this; }
        public Builder maxQueueMessages(int v) { maxQueueMessages = v; return this; }
        public Builder maxQueueBytes(long v) { maxQueueBytes = v; return this; }
        public Builder maxMessageBytes(int v) { maxMessageBytes = v; return this; }
        public Builder maxLargeMessageBytes(int v) { maxLargeMessageBytes = v; return this; }
        public Builder largeMessageChannels(List<String> v) { largeMessageChannels = v; return this; }
        public Builder maxBatchMessages(int v) { maxBatchMessages = v; return this; }
        public Builder maxClients(int v) { maxClients = v; return this; }
        public Builder sweepPeriod(Duration v) { sweepPeriod = v; return this; }
        public Builder webSocketIdleTimeout(Duration v) { webSocketIdleTimeout = v; return this; }
        public Builder requestReadTimeout(Duration v) { requestReadTimeout = v; return this; }
        public Builder serviceTimeout(Duration v) { serviceTimeout = v; return this; }
        public Builder compression(boolean v) { compression = v; return this; }

        public BayeuxOptions build() {
            return new BayeuxOptions(path, transports, timeout, maxClientTimeout, interval, maxInterval,
                    multiSessionInterval, maxSessionsPerBrowser, browserCookieName, browserCookieDomain,
                    browserCookieSecure, maxQueueMessages, maxQueueBytes, maxMessageBytes, maxLargeMessageBytes,
                    largeMessageChannels, maxBatchMessages, maxClients, sweepPeriod, webSocketIdleTimeout,
                    requestReadTimeout, serviceTimeout, compression);
        }
    }
}
