package dev.tandem.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.tandem.core.PageRules;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.chat.ChatOptions;
import dev.tandem.history.cassandra.CassandraOptions;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import dev.tandem.rest.CssProxyOptions;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The server's typed configuration, read from the layers described in {@code reference.conf}: command
 * line, system properties, environment variables ({@code TANDEM_*}), the {@code --config} file, defaults.
 *
 * <p>{@link Key} lists every setting; a test keeps it and {@code reference.conf} in sync.
 */
public record TandemConfig(Config config) {

    /** Every setting this class reads, by its path under {@code tandem}. */
    public enum Key {
        HOST("host"),
        PORT("port"),
        CONTEXT_PATH("context-path"),
        NODE_NAME("node-name"),
        DEMO_ENABLED("demo-enabled"),
        SESSION_MAX_INTERVAL("session.max-interval"),
        SESSION_INACTIVITY_TIMEOUT("session.inactivity-timeout"),
        SESSION_MAX_LIVE_SESSIONS("session.max-live-sessions"),
        SESSION_MAX_MEMBERS("session.max-members"),
        SESSION_MAX_PAGES("session.max-pages"),
        SESSION_MAX_URL_LENGTH("session.max-url-length"),
        SESSION_MAX_STREAM_LOG_TOTAL("session.max-stream-log-total"),
        CHAT_ENABLED("chat.enabled"),
        CHAT_MAX_INTERVAL("chat.max-interval"),
        CHAT_WAIT_TIMEOUT("chat.wait-timeout"),
        CHAT_MAX_LIVE_CHATS("chat.max-live-chats"),
        CHAT_MAX_AGENTS("chat.max-agents"),
        CHAT_MAX_MESSAGES("chat.max-messages"),
        CHAT_MAX_TRANSCRIPT_CHARS("chat.max-transcript-chars"),
        CHAT_MAX_MESSAGE_LENGTH("chat.max-message-length"),
        BAYEUX_TIMEOUT("bayeux.timeout"),
        BAYEUX_INTERVAL("bayeux.interval"),
        BAYEUX_MAX_INTERVAL("bayeux.max-interval"),
        BAYEUX_MAX_MESSAGE_SIZE("bayeux.max-message-size"),
        BAYEUX_MAX_QUEUE("bayeux.max-queue"),
        BAYEUX_MAX_CLIENTS("bayeux.max-clients"),
        BAYEUX_WEBSOCKET_COMPRESSION("bayeux.websocket-compression"),
        COOKIE_DOMAIN("cookie.domain"),
        COOKIE_SECURE("cookie.secure"),
        COOKIE_MAX_AGE("cookie.max-age"),
        CORS_ALLOWED_ORIGINS("cors.allowed-origins"),
        MASKING_MASK("masking.mask"),
        MASKING_READ_ONLY("masking.read-only"),
        CSS_PROXY_ENABLED("css-proxy.enabled"),
        CSS_PROXY_ALLOWED_HOSTS("css-proxy.allowed-hosts"),
        CSS_PROXY_ALLOW_PRIVATE_ADDRESSES("css-proxy.allow-private-addresses"),
        CSS_PROXY_MAX_BYTES("css-proxy.max-bytes"),
        CSS_PROXY_TIMEOUT("css-proxy.timeout"),
        HISTORY_STORE("history.store"),
        SHUTDOWN_GRACE("shutdown-grace");

        private final String path;

        Key(String path) {
            this.path = path;
        }

        /** The path under {@code tandem}, e.g. {@code session.max-interval}. */
        public String path() {
            return path;
        }

        /** The full path, e.g. {@code tandem.session.max-interval}. */
        public String fullPath() {
            return "tandem." + path;
        }

        /** The environment variable, e.g. {@code TANDEM_SESSION_MAX_INTERVAL}. */
        public String environmentVariable() {
            return TandemConfig.environmentVariable(path);
        }
    }

    /** Loads the layers; {@code overrides} are the command line's settings by full path. */
    public static TandemConfig load(Optional<File> file, Map<String, String> environment, Map<String, Object> overrides) {
        Config defaults = ConfigFactory.defaultReference();
        Config fromFile = ConfigFactory.empty();
        if (file.isPresent()) {
            File f = file.get();
            if (!f.isFile()) {
                throw new ConfigException.Generic("Configuration file " + f + " does not exist or is not a file");
            }
            fromFile = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        }
        Config fromEnv = ConfigFactory.parseMap(fromEnvironment(environment, defaults), "environment variables");
        Config fromProps = ConfigFactory.systemProperties().hasPath("tandem")
                ? ConfigFactory.systemProperties().withOnlyPath("tandem") : ConfigFactory.empty();
        Config fromCli = ConfigFactory.parseMap(overrides, "command line");
        Config merged = fromCli.withFallback(fromProps).withFallback(fromEnv).withFallback(fromFile)
                .withFallback(defaults).resolve();
        TandemConfig config = new TandemConfig(merged);
        config.validate();
        return config;
    }

    /** Defaults only (plus system properties), for tests and embedding. */
    public static TandemConfig defaults() {
        return load(Optional.empty(), Map.of(), Map.of());
    }

    /** A copy with one setting changed. */
    public TandemConfig with(Key key, Object value) {
        return new TandemConfig(config.withValue(key.fullPath(), ConfigValueFactory.fromAnyRef(value)));
    }

    /**
     * Maps {@code TANDEM_*} variables onto every setting {@code reference.conf} defines, those of the
     * history store's options included: the path after {@code tandem.}, upper-cased, {@code .} and
     * {@code -} turned into {@code _}. A list takes HOCON ({@code [...]}) or comma-separated values.
     */
    private static Map<String, Object> fromEnvironment(Map<String, String> env, Config defaults) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<String, ConfigValue> setting : defaults.getConfig("tandem").entrySet()) {
            String fullPath = "tandem." + setting.getKey();
            String value = env.get(environmentVariable(setting.getKey()));
            if (value == null) {
                continue;
            }
            if (setting.getValue().valueType() == ConfigValueType.LIST) {
                if (value.trim().startsWith("[")) {
                    // HOCON list, e.g. TANDEM_MASKING_MASK='[{selector=".card"}]'
                    values.put(fullPath, ConfigFactory.parseString("v = " + value).getValue("v").unwrapped());
                } else {
                    values.put(fullPath, value.isBlank() ? List.of() : List.of(value.trim().split("\\s*,\\s*")));
                }
            } else {
                values.put(fullPath, value);
            }
        }
        return values;
    }

    /** The environment variable of a setting, by its path under {@code tandem}: {@code TANDEM_SESSION_MAX_INTERVAL}. */
    static String environmentVariable(String path) {
        return "TANDEM_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Reads every key once so that a wrong type or value fails at start-up with the setting's name. */
    void validate() {
        for (Key key : Key.values()) {
            if (!config.hasPath(key.fullPath())) {
                throw new ConfigException.Missing(key.fullPath());
            }
        }
        int port = port();
        if (port < 0 || port > 65535) {
            throw new ConfigException.BadValue(Key.PORT.fullPath(), "must be 0..65535, got " + port);
        }
        historyStore();
        sessionOptions();
        chatOptions();
        getBoolean(Key.CHAT_ENABLED);
        contextPath();
        getDuration(Key.BAYEUX_TIMEOUT);
        getDuration(Key.BAYEUX_INTERVAL);
        getDuration(Key.BAYEUX_MAX_INTERVAL);
        getInt(Key.BAYEUX_MAX_MESSAGE_SIZE);
        getInt(Key.BAYEUX_MAX_QUEUE);
        getInt(Key.BAYEUX_MAX_CLIENTS);
        getBoolean(Key.BAYEUX_WEBSOCKET_COMPRESSION);
        cookieDomain();
        getBoolean(Key.COOKIE_SECURE);
        getDuration(Key.COOKIE_MAX_AGE);
        allowedOrigins();
        cssProxyOptions();
        pageRules();
        getDuration(Key.SHUTDOWN_GRACE);
        getBoolean(Key.DEMO_ENABLED);
        cassandraOptions();
        embeddedCassandraOptions();
    }

    /** Which history store to use. */
    public enum HistoryStoreKind { MEMORY, EMBEDDED, CASSANDRA }

    public String host() { return getString(Key.HOST); }
    public int port() { return getInt(Key.PORT); }
    public String nodeName() { return getString(Key.NODE_NAME); }
    public boolean demoEnabled() { return getBoolean(Key.DEMO_ENABLED); }
    public Duration shutdownGrace() { return getDuration(Key.SHUTDOWN_GRACE); }

    public String contextPath() {
        String path = getString(Key.CONTEXT_PATH);
        if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/"))) {
            throw new ConfigException.BadValue(Key.CONTEXT_PATH.fullPath(), "must start with '/' and not end with '/', got '" + path + "'");
        }
        return path;
    }

    public HistoryStoreKind historyStore() {
        String value = getString(Key.HISTORY_STORE);
        try {
            return HistoryStoreKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(Key.HISTORY_STORE.fullPath(), "must be memory, embedded or cassandra, got '" + value + "'");
        }
    }

    /** The Cassandra cluster's options ({@code tandem.history.cassandra}, read by the history store's own class). */
    public CassandraOptions cassandraOptions() {
        try {
            return CassandraOptions.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(CassandraOptions.CONFIG_PATH, e.getMessage());
        }
    }

    /** The embedded node's options ({@code tandem.history.embedded}). */
    public EmbeddedCassandraOptions embeddedCassandraOptions() {
        try {
            return EmbeddedCassandraOptions.fromConfig(config);
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(EmbeddedCassandraOptions.CONFIG_PATH, e.getMessage());
        }
    }

    public SessionOptions sessionOptions() {
        try {
            return SessionOptions.DEFAULT.toBuilder()
                    .maxInterval(getDuration(Key.SESSION_MAX_INTERVAL))
                    .inactivityTimeout(getDuration(Key.SESSION_INACTIVITY_TIMEOUT))
                    .maxLiveSessions(getInt(Key.SESSION_MAX_LIVE_SESSIONS))
                    .maxMembers(getInt(Key.SESSION_MAX_MEMBERS))
                    .maxPages(getInt(Key.SESSION_MAX_PAGES))
                    .maxUrlLength(getInt(Key.SESSION_MAX_URL_LENGTH))
                    .maxStreamLogTotalBytes(streamLogTotal())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("tandem.session", e.getMessage());
        }
    }

    /** Whether the chat service ({@code /service/chat/*}) is on. */
    public boolean chatEnabled() {
        return getBoolean(Key.CHAT_ENABLED);
    }

    /** The chat engine's bounds and timeouts ({@code tandem.chat}). */
    public ChatOptions chatOptions() {
        try {
            return ChatOptions.DEFAULT.toBuilder()
                    .maxInterval(getDuration(Key.CHAT_MAX_INTERVAL))
                    .waitTimeout(getDuration(Key.CHAT_WAIT_TIMEOUT))
                    .maxLiveChats(getInt(Key.CHAT_MAX_LIVE_CHATS))
                    .maxAgents(getInt(Key.CHAT_MAX_AGENTS))
                    .maxMessages(getInt(Key.CHAT_MAX_MESSAGES))
                    .maxTranscriptChars(getInt(Key.CHAT_MAX_TRANSCRIPT_CHARS))
                    .maxMessageLength(getInt(Key.CHAT_MAX_MESSAGE_LENGTH))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("tandem.chat", e.getMessage());
        }
    }

    /** {@code session.max-stream-log-total}: a size, or {@code 0} for a quarter of the maximum heap; see the static one. */
    private long streamLogTotal() {
        return streamLogTotal(config.getBytes(Key.SESSION_MAX_STREAM_LOG_TOTAL.fullPath()),
                SessionOptions.defaultStreamLogTotalBytes(), maxDirectMemory());
    }

    /**
     * The page logs' node budget: {@code configured}, or {@code byDefault} when that is 0 — at most half of the direct
     * memory limit either way, since the logs' events live there and the sockets' buffers need the rest. With the
     * limit's default (the heap's size) the default budget is well within it; a configured budget beyond that half is
     * refused at start, as the node would otherwise stop reading from its sockets once the logs filled the limit.
     */
    static long streamLogTotal(long configured, long byDefault, long maxDirectMemory) {
        long room = maxDirectMemory / 2;
        if (configured == 0) {
            // Never below one session's log, which the options require of the node's budget.
            return Math.min(byDefault, Math.max(room, SessionOptions.DEFAULT.maxStreamLogBytes()));
        }
        if (configured > room) {
            throw new ConfigException.BadValue(Key.SESSION_MAX_STREAM_LOG_TOTAL.fullPath(), "the page logs' budget ("
                    + mib(configured) + ") must be at most half of the JVM's direct memory limit (" + mib(maxDirectMemory)
                    + ", -XX:MaxDirectMemorySize, by default -Xmx): the logs' events are kept there, and the sockets'"
                    + " buffers need the rest; lower the budget or raise the limit");
        }
        return configured;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    /** The JVM's limit on direct buffers: {@code -XX:MaxDirectMemorySize}, or the heap's maximum when not set. */
    static long maxDirectMemory() {
        try {
            long set = Long.parseLong(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("MaxDirectMemorySize").getValue());
            if (set > 0) {
                return set;
            }
        } catch (RuntimeException e) {
            // Not a HotSpot JVM, or no such option: the JDK's own default follows.
        }
        return Runtime.getRuntime().maxMemory();
    }

    public Optional<String> cookieDomain() {
        String domain = getString(Key.COOKIE_DOMAIN).trim();
        return domain.isEmpty() ? Optional.empty() : Optional.of(domain);
    }

    public boolean cookieSecure() { return getBoolean(Key.COOKIE_SECURE); }
    public Duration cookieMaxAge() { return getDuration(Key.COOKIE_MAX_AGE); }

    public List<String> allowedOrigins() {
        return config.getStringList(Key.CORS_ALLOWED_ORIGINS.fullPath());
    }

    /** The masking and DOM-control rules delivered to customers' browsers. */
    public PageRules pageRules() {
        return new PageRules(rules(Key.MASKING_MASK), rules(Key.MASKING_READ_ONLY));
    }

    private List<PageRules.Rule> rules(Key key) {
        List<PageRules.Rule> rules = new java.util.ArrayList<>();
        for (Config rule : config.getConfigList(key.fullPath())) {
            if (!rule.hasPath("selector")) {
                throw new ConfigException.BadValue(key.fullPath(), "every rule needs a selector");
            }
            try {
                rules.add(new PageRules.Rule(rule.getString("selector"),
                        rule.hasPath("url") ? Optional.of(rule.getString("url")) : Optional.empty()));
            } catch (RuntimeException e) {
                throw new ConfigException.BadValue(key.fullPath(), e.getMessage());
            }
        }
        return rules;
    }

    public CssProxyOptions cssProxyOptions() {
        try {
            return CssProxyOptions.DEFAULT.toBuilder()
                    .enabled(getBoolean(Key.CSS_PROXY_ENABLED))
                    .allowedHosts(config.getStringList(Key.CSS_PROXY_ALLOWED_HOSTS.fullPath()))
                    .allowPrivateAddresses(getBoolean(Key.CSS_PROXY_ALLOW_PRIVATE_ADDRESSES))
                    .maxBytes(getInt(Key.CSS_PROXY_MAX_BYTES))
                    .timeout(getDuration(Key.CSS_PROXY_TIMEOUT))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue("tandem.css-proxy", e.getMessage());
        }
    }

    public Duration getDuration(Key key) { return config.getDuration(key.fullPath()); }
    public int getInt(Key key) { return config.getInt(key.fullPath()); }
    public boolean getBoolean(Key key) { return config.getBoolean(key.fullPath()); }
    public String getString(Key key) { return config.getString(key.fullPath()); }

    /**
     * Every leaf path under {@code tandem} that the server's own {@code reference.conf} defines (for the sync
     * test); {@code history.cassandra} and {@code history.embedded} belong to the history store's options
     * classes, which keep their own file in sync.
     */
    public static Set<String> referencePaths() {
        Set<String> paths = new TreeSet<>();
        ConfigFactory.defaultReference().getConfig("tandem").entrySet().forEach(e -> paths.add(e.getKey()));
        paths.removeIf(p -> p.startsWith("history.cassandra.") || p.startsWith("history.embedded."));
        return paths;
    }
}
