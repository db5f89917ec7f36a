package dev.tandem.history.cassandra;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link CassandraHistoryStore} reaches Cassandra and what it keeps. Immutable: start from
 * {@link #DEFAULT} (or {@link #fromConfig}) and change it with {@link #toBuilder()}. Every default is
 * also in this module's {@code reference.conf} under {@code tandem.history.cassandra}.
 */
public final class CassandraOptions {

    /** Local single node, keyspace {@code tandem}, SimpleStrategy RF 1, 14 days' retention. */
    public static final CassandraOptions DEFAULT = new Builder().build();

    /** Where {@link #fromConfig} reads from. */
    public static final String CONFIG_PATH = "tandem.history.cassandra";

    private static final Pattern KEYSPACE = Pattern.compile("[a-z][a-z0-9_]{0,47}");
    private static final Pattern REPLICATION_TEXT = Pattern.compile("[A-Za-z0-9_.]+");

    private final List<String> contactPoints;
    private final String localDatacenter;
    private final String keyspace;
    private final Map<String, String> replication;
    private final Optional<String> username;
    private final Optional<String> password;
    private final boolean tls;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Duration retention;
    private final int queueCapacity;
    private final int maxInFlight;
    private final Duration retryMaxDelay;
    private final Duration closeTimeout;

    private CassandraOptions(Builder b) {
        this.contactPoints = List.copyOf(b.contactPoints);
        this.localDatacenter = b.localDatacenter;
        this.keyspace = b.keyspace;
        this.replication = Map.copyOf(b.replication);
        this.username = b.username;
        this.password = b.password;
        this.tls = b.tls;
        this.requestTimeout = b.requestTimeout;
        this.connectTimeout = b.connectTimeout;
        this.retention = b.retention;
        this.queueCapacity = b.queueCapacity;
        this.maxInFlight = b.maxInFlight;
        this.retryMaxDelay = b.retryMaxDelay;
        this.closeTimeout = b.closeTimeout;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Reads {@link #CONFIG_PATH} of {@code config} (e.g. {@code ConfigFactory.load()}), which must hold every key. */
    public static CassandraOptions fromConfig(Config config) {
        Config c = config.getConfig(CONFIG_PATH);
        Map<String, String> replication = new LinkedHashMap<>();
        for (String entry : c.getStringList("replication")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(CONFIG_PATH + ".replication entries are key=value, e.g. "
                        + "class=SimpleStrategy; got '" + entry + "'");
            }
            replication.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return builder()
                .contactPoints(c.getStringList("contact-points"))
                .localDatacenter(c.getString("local-datacenter"))
                .keyspace(c.getString("keyspace"))
                .replication(replication)
                .credentials(c.getString("username"), c.getString("password"))
                .tls(c.getBoolean("tls"))
                .requestTimeout(c.getDuration("request-timeout"))
                .connectTimeout(c.getDuration("connect-timeout"))
                .retention(c.getDuration("retention"))
                .queueCapacity(c.getInt("queue-capacity"))
                .maxInFlight(c.getInt("max-in-flight"))
                .retryMaxDelay(c.getDuration("retry-max-delay"))
                .closeTimeout(c.getDuration("close-timeout"))
                .build();
    }

    /** {@code host:port} of the nodes to contact first; default {@code 127.0.0.1:9042}. */
    public List<String> contactPoints() {
        return contactPoints;
    }

    /** The datacenter whose nodes serve requests; default {@code datacenter1} (a single node's). */
    public String localDatacenter() {
        return localDatacenter;
    }

    /** The keyspace, created at start-up if missing; default {@code tandem}. */
    public String keyspace() {
        return keyspace;
    }

    /** Replication of the keyspace when this store creates it; default SimpleStrategy, replication factor 1. */
    public Map<String, String> replication() {
        return replication;
    }

    /** User name for password authentication; empty for none. */
    public Optional<String> username() {
        return username;
    }

    /** Password for password authentication; empty for none. */
    public Optional<String> password() {
        return password;
    }

    /** Whether to connect with TLS (trusting the JVM's default trust store); default off. */
    public boolean tls() {
        return tls;
    }

    /** How long one request may take; default 5 s. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How long opening a connection may take; default 5 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long history is kept (the tables' default TTL); default 14 days. */
    public Duration retention() {
        return retention;
    }

    /** How many records may wait to be written before new ones are refused; default 10,000. */
    public int queueCapacity() {
        return queueCapacity;
    }

    /** How many writes may be in flight at once; default 64. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The longest wait between retries (writes and connecting); default 10 s. */
    public Duration retryMaxDelay() {
        return retryMaxDelay;
    }

    /** How long {@code close()} waits for the backlog to be written; default 10 s. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CassandraOptions other
                && contactPoints.equals(other.contactPoints)
                && localDatacenter.equals(other.localDatacenter)
                && keyspace.equals(other.keyspace)
                && replication.equals(other.replication)
                && username.equals(other.username)
                && password.equals(other.password)
                && tls == other.tls
                && requestTimeout.equals(other.requestTimeout)
                && connectTimeout.equals(other.connectTimeout)
                && retention.equals(other.retention)
                && queueCapacity == other.queueCapacity
                && maxInFlight == other.maxInFlight
                && retryMaxDelay.equals(other.retryMaxDelay)
                && closeTimeout.equals(other.closeTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contactPoints, localDatacenter, keyspace, replication, username, password, tls,
                requestTimeout, connectTimeout, retention, queueCapacity, maxInFlight, retryMaxDelay, closeTimeout);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "CassandraOptions{contactPoints=" + contactPoints + ", localDatacenter=" + localDatacenter
                + ", keyspace=" + keyspace + ", replication=" + replication + ", username=" + username.orElse("")
                + ", password=" + (password.isPresent() ? "****" : "") + ", tls=" + tls
                + ", requestTimeout=" + requestTimeout + ", connectTimeout=" + connectTimeout
                + ", retention=" + retention + ", queueCapacity=" + queueCapacity + ", maxInFlight=" + maxInFlight
                + ", retryMaxDelay=" + retryMaxDelay + ", closeTimeout=" + closeTimeout + '}';
    }

    /** Builds {@link CassandraOptions}; each setter checks its argument. */
    public static final class Builder {
        private List<String> contactPoints = List.of("127.0.0.1:9042");
        private String localDatacenter = "datacenter1";
        private String keyspace = "tandem";
        private Map<String, String> replication = Map.of("class", "SimpleStrategy", "replication_factor", "1");
        private Optional<String> username = Optional.empty();
        private Optional<String> password = Optional.empty();
        private boolean tls;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration retention = Duration.ofDays(14);
        private int queueCapacity = 10_000;
        private int maxInFlight = 64;
        private Duration retryMaxDelay = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        private Builder(CassandraOptions o) {
            contactPoints = o.contactPoints;
            localDatacenter = o.localDatacenter;
            keyspace = o.keyspace;
            replication = o.replication;
            username = o.username;
            password = o.password;
            tls = o.tls;
            requestTimeout = o.requestTimeout;
            connectTimeout = o.connectTimeout;
            retention = o.retention;
            queueCapacity = o.queueCapacity;
            maxInFlight = o.maxInFlight;
            retryMaxDelay = o.retryMaxDelay;
            closeTimeout = o.closeTimeout;
        }

        /** {@code host:port} entries, at least one. */
        public Builder contactPoints(List<String> contactPoints) {
            if (contactPoints.isEmpty()) {
                throw new IllegalArgumentException("At least one Cassandra contact point (host:port) is needed");
            }
            for (String point : contactPoints) {
                int colon = point.lastIndexOf(':');
                if (colon <= 0 || colon == point.length() - 1
                        || !point.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException(
                            "A Cassandra contact point is host:port, e.g. 127.0.0.1:9042; got '" + point + "'");
                }
            }
            this.contactPoints = List.copyOf(contactPoints);
            return this;
        }

        public Builder localDatacenter(String localDatacenter) {
            this.localDatacenter = requireText(localDatacenter, "localDatacenter");
            return this;
        }

        /** A lower-case CQL identifier of at most 48 characters. */
        public Builder keyspace(String keyspace) {
            if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
                throw new IllegalArgumentException("The history keyspace must be a lower-case identifier "
                        + "(letters, digits, '_', starting with a letter, at most 48); got '" + keyspace + "'");
            }
            this.keyspace = keyspace;
            return this;
        }

        /** The keyspace's replication map, e.g. {@code class=NetworkTopologyStrategy, dc1=3}. */
        public Builder replication(Map<String, String> replication) {
            if (!replication.containsKey("class")) {
                throw new IllegalArgumentException("Keyspace replication needs a 'class', e.g. SimpleStrategy");
            }
            replication.forEach((k, v) -> {
                if (!REPLICATION_TEXT.matcher(k).matches() || !REPLICATION_TEXT.matcher(v).matches()) {
                    throw new IllegalArgumentException("Keyspace replication keys and values are plain words or "
                            + "numbers; got " + k + "=" + v);
                }
            });
            this.replication = Map.copyOf(replication);
            return this;
        }

        /** Password authentication; an empty user name turns it off. */
        public Builder credentials(String username, String password) {
            if (username == null || username.isEmpty()) {
                this.username = Optional.empty();
                this.password = Optional.empty();
            } else {
                this.username = Optional.of(username);
                this.password = Optional.of(Objects.requireNonNull(password, "password"));
            }
            return this;
        }

        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requirePositive(requestTimeout, "requestTimeout");
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
            return this;
        }

        /** At least one second (Cassandra's TTLs are whole seconds), at most 20 years. */
        public Builder retention(Duration retention) {
            requirePositive(retention, "retention");
            if (retention.toSeconds() < 1 || retention.toSeconds() > 630_720_000L) {
                throw new IllegalArgumentException("History retention must be between 1 s and 20 years; got " + retention);
            }
            this.retention = retention;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be >= 1; got " + queueCapacity);
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1; got " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = requirePositive(retryMaxDelay, "retryMaxDelay");
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (closeTimeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must not be negative; got " + closeTimeout);
            }
            this.closeTimeout = closeTimeout;
            return this;
        }

        public CassandraOptions build() {
            return new CassandraOptions(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }

        private static Duration requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive; got " + value);
            }
            return value;
        }
    }
}
