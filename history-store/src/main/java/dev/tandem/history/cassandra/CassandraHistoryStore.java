package dev.tandem.history.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.TandemException;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.history.ChatTranscript;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.SessionHistory;
import dev.tandem.core.history.TranscriptRecord;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.history.cassandra.internal.DriverConfig;
import dev.tandem.history.cassandra.internal.HistoryReader;
import dev.tandem.history.cassandra.internal.HistoryWriter;
import dev.tandem.history.cassandra.internal.Schema;
import dev.tandem.history.cassandra.internal.Statements;
import dev.tandem.history.cassandra.internal.TranscriptReader;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * {@link HistoryStore} and {@link TranscriptStore} on Apache Cassandra, through the Java driver's async API: co-browse
 * session history and chat transcripts share one connection, one schema (one keyspace, one retention) and one
 * bounded backlog with its writer, so both have the same guarantees.
 *
 * <pre>{@code
 * CassandraHistoryStore store = CassandraHistoryStore.builder()
 *         .options(CassandraOptions.DEFAULT.toBuilder().contactPoints(List.of("10.0.0.5:9042")).build())
 *         .start();           // returns at once; connects in the background
 * store.append(record);       // accepted into a bounded backlog, written asynchronously
 * store.find(id);             // HistoryUnavailableException while not connected
 * store.close();              // writes what it can within closeTimeout, then disconnects
 * }</pre>
 *
 * <p>Start-up never fails because Cassandra is down: the store retries connecting with capped exponential
 * backoff, keeping appended records meanwhile. Once connected it creates or migrates its schema (see
 * {@code Schema}) and prepares its statements. Writes never block co-browsing: {@link #append} returns at
 * once, and a writer drains the bounded backlog with at most {@code maxInFlight} requests, retrying failed
 * writes (all idempotent upserts) with backoff. When the backlog is full, records are refused with
 * {@link HistoryBacklogFullException} — new sessions' first, at 90 % of capacity — and counted; none is
 * dropped silently.
 */
public final class CassandraHistoryStore implements HistoryStore, TranscriptStore {
    private static final Logger log = LoggerFactory.getLogger(CassandraHistoryStore.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration CLOSE_POLL = Duration.ofMillis(20);

    private final CassandraOptions options;
    private final String where;
    private final HistoryWriter writer;
    private final HistoryReader reader;
    private final TranscriptReader transcriptReader = new TranscriptReader();
    private final Sinks.Empty<Void> connected = Sinks.empty();
    private final AtomicLong connectAttempts = new AtomicLong();
    private final Disposable connecting;
    private final Mono<Void> closing;
    private volatile boolean closed;

    private CassandraHistoryStore(Builder b) {
        this.options = b.options;
        this.where = String.join(",", options.contactPoints());
        this.writer = new HistoryWriter(options.queueCapacity(), options.maxInFlight(), options.retryMaxDelay(), where,
                Schedulers.parallel().createWorker());
        this.reader = new HistoryReader(b.clock);
        this.closing = Mono.defer(this::shutDown).cache();
        this.connecting = connect().subscribe(this::onConnected,
                e -> log.error("The history store stopped trying to connect to Cassandra at {}", where, e));
    }

    /** A builder; {@link Builder#start()} returns a running store. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Mono<Void> append(HistoryRecord record) {
        Objects.requireNonNull(record, "record");
        return writer.offer(record);
    }

    @Override
    public Mono<SessionHistory> find(SessionHistoryId id) {
        Objects.requireNonNull(id, "id");
        return read("Session history", "Session history " + id,
                (session, statements) -> reader.find(session, statements, id));
    }

    /** Accepted into the same backlog as session history, with the same policy. */
    @Override
    public Mono<Void> append(TranscriptRecord record) {
        Objects.requireNonNull(record, "record");
        return writer.offer(record);
    }

    @Override
    public Mono<ChatTranscript> find(ChatId id) {
        Objects.requireNonNull(id, "id");
        return read("The chat transcript", "Chat transcript " + id,
                (session, statements) -> transcriptReader.find(session, statements, id));
    }

    /** Runs {@code query} while connected; otherwise, or when it fails, a {@link HistoryUnavailableException}. */
    private <T> Mono<T> read(String what, String which, java.util.function.BiFunction<CqlSession, Statements, Mono<T>> query) {
        return Mono.defer(() -> {
            CqlSession session = writer.session();
            Statements statements = writer.statements();
            if (closed) {
                return Mono.error(new HistoryUnavailableException(
                        what + " is unavailable: the history store is closed (the server is shutting down)."));
            }
            if (session == null) {
                return Mono.error(new HistoryUnavailableException(what + " is unavailable: not connected to "
                        + "Cassandra at " + where + " yet (" + connectAttempts.get() + " attempts so far; the store "
                        + "keeps trying). Check that Cassandra is running and reachable, then retry."));
            }
            return query.apply(session, statements)
                    .onErrorMap(e -> !(e instanceof TandemException), e -> new HistoryUnavailableException(
                            which + " could not be read from Cassandra at " + where + ": "
                                    + e.getMessage() + ". Retry later.", e));
        });
    }

    @Override
    public long backlog() {
        return writer.backlog();
    }

    /** Writes what it can within {@code closeTimeout} (while connected), then disconnects. Idempotent. */
    @Override
    public Mono<Void> close() {
        return closing;
    }

    /** Whether the store is connected with its schema in place and the driver sees a Cassandra node up. */
    public boolean isConnected() {
        return writer.isReachable();
    }

    /** Completes when the store is first connected with its schema in place. */
    public Mono<Void> whenConnected() {
        return connected.asMono();
    }

    /** The store's counters now. */
    public HistoryStoreStats stats() {
        return new HistoryStoreStats(writer.written(), writer.retried(), writer.rejected(), writer.backlog(),
                writer.inFlight(), writer.isReachable(), connectAttempts.get());
    }

    /** The options the store runs with. */
    public CassandraOptions options() {
        return options;
    }

    private Mono<Ready> connect() {
        Schema schema = new Schema(options);
        return Mono.usingWhen(
                        Mono.fromCompletionStage(() -> {
                            connectAttempts.incrementAndGet();
                            return CqlSession.builder()
                                    .withClassLoader(DriverConfig.CLASS_LOADER)
                                    .withConfigLoader(DriverConfig.forStore(options))
                                    .buildAsync()
                                    .whenComplete((session, error) -> {
                                        if (session != null && closed) {
                                            session.closeAsync(); // connected while closing: nobody will use it
                                        }
                                    });
                        }).subscribeOn(Schedulers.boundedElastic()), // building reads the driver's config files
                        session -> schema.migrate(session)
                                .then(Statements.prepare(session, options.keyspace()))
                                .map(statements -> new Ready(session, statements)),
                        session -> Mono.empty(), // connected: the store keeps the session
                        (session, error) -> closeQuietly(session),
                        CassandraHistoryStore::closeQuietly)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_RETRY)
                        .maxBackoff(options.retryMaxDelay())
                        .jitter(0.25)
                        .doBeforeRetry(signal -> {
                            long attempt = signal.totalRetries() + 1;
                            if (attempt <= 3 || attempt % 10 == 0) { // a long outage logs every ~100 s, not every 10
                                log.warn("Cannot connect to Cassandra at {} and set up the session history schema "
                                                + "(attempt {}); retrying in the background, keeping {} records: {}",
                                        where, attempt, writer.backlog(), signal.failure().toString());
                            }
                        }));
    }

    private void onConnected(Ready ready) {
        if (closed) {
            closeQuietly(ready.session()).subscribe();
            return;
        }
        writer.connected(ready.session(), ready.statements());
        if (closed) { // closed meanwhile, and shutDown may not have seen the session
            closeQuietly(ready.session()).subscribe();
            return;
        }
        connected.tryEmitEmpty();
        log.info("History store connected to Cassandra at {} (keyspace {}, retention {}); {} records to write",
                where, options.keyspace(), options.retention(), writer.backlog());
    }

    private Mono<Void> shutDown() {
        closed = true;
        writer.close();
        Mono<Void> drained = !writer.isConnected() || writer.backlog() == 0 ? Mono.empty()
                : Flux.interval(CLOSE_POLL).filter(tick -> writer.backlog() == 0).next().then()
                .timeout(options.closeTimeout(), Mono.empty());
        return drained.then(Mono.defer(() -> {
            connecting.dispose();
            long left = writer.backlog();
            if (left > 0) {
                log.error("{} history records (session history and chat transcripts) could not be written to Cassandra at {} before the store "
                        + "closed; they are lost", left, where);
            }
            CqlSession session = writer.session();
            writer.dispose();
            return session == null ? Mono.<Void>empty() : closeQuietly(session);
        }));
    }

    private static Mono<Void> closeQuietly(CqlSession session) {
        return Mono.fromCompletionStage(session::closeAsync).then()
                .onErrorResume(e -> {
                    log.debug("Closing a Cassandra session failed", e);
                    return Mono.empty();
                });
    }

    private record Ready(CqlSession session, Statements statements) {
    }

    /** Builds and starts a {@link CassandraHistoryStore}. */
    public static final class Builder {
        private CassandraOptions options = CassandraOptions.DEFAULT;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder() {
        }

        public Builder options(CassandraOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** "Now" in UTC milliseconds, for the running duration of a live session's last page. */
        public Builder clock(LongSupplier clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Starts the store: returns at once and connects in the background. */
        public CassandraHistoryStore start() {
            return new CassandraHistoryStore(this);
        }
    }
}
