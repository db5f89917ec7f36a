package dev.tandem.history.cassandra.internal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.TranscriptRecord;
import dev.tandem.history.cassandra.HistoryBacklogFullException;
import dev.tandem.history.cassandra.HistoryUnavailableException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Writes history records — co-browse session history and chat transcripts, in one backlog — to Cassandra behind a
 * bounded backlog, without ever making the caller wait.
 *
 * <p>{@link #offer} only reserves a place in the backlog and queues the record; a drain loop, run on a
 * Reactor worker (never on the caller's thread), sends up to {@code maxInFlight} writes at a time while a
 * session is {@linkplain #connected connected}. A failed write goes back to the queue and the whole loop
 * pauses with capped exponential backoff (with jitter), so a slow or dead Cassandra is not hammered; the
 * first success resets the backoff. A record leaves the backlog only once Cassandra acknowledged it.
 *
 * <p>Backlog-full policy: a record is refused (error on its {@code Mono}, a rate-limited WARN, the
 * {@code rejected} counter) when the backlog is at capacity. {@code Created} and transcript {@code Started} records —
 * new sessions and chats — are refused earlier, at 90 % of capacity, so the remaining room goes to sessions and
 * chats whose history has begun.
 */
public final class HistoryWriter {
    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    private static final long BASE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration LOG_PERIOD = Duration.ofSeconds(10);

    private final int capacity;
    private final int newSessionLimit;
    private final int maxInFlight;
    private final long maxBackoffNanos;
    private final String where;
    private final Scheduler.Worker worker;

    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());
    private final AtomicInteger backoffLevel = new AtomicInteger();
    private final LongAdder written = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LogLimiter rejectLog = new LogLimiter(LOG_PERIOD);
    private final LogLimiter failureLog = new LogLimiter(LOG_PERIOD);

    private volatile Target target;
    private volatile boolean closed;

    /**
     * @param where  the contact points, for log lines
     * @param worker runs the drain loop; the writer disposes it in {@link #dispose()}
     */
    public HistoryWriter(int capacity, int maxInFlight, Duration maxBackoff, String where, Scheduler.Worker worker) {
        this.capacity = capacity;
        this.newSessionLimit = Math.max(1, capacity - capacity / 10);
        this.maxInFlight = maxInFlight;
        this.maxBackoffNanos = Math.max(BASE_BACKOFF_NANOS, maxBackoff.toNanos());
        this.where = where;
        this.worker = worker;
    }

    /** Accepts {@code record} for writing, or refuses it with an error; never waits. */
    public Mono<Void> offer(HistoryRecord record) {
        return enqueue(record, record instanceof HistoryRecord.Created, "session " + record.id(),
                "the new session " + record.id() + " will have no history");
    }

    /** Accepts a chat transcript's {@code record} into the same backlog, or refuses it; never waits. */
    public Mono<Void> offer(TranscriptRecord record) {
        return enqueue(record, record instanceof TranscriptRecord.Started, "chat " + record.id(),
                "the new chat " + record.id() + " will have no transcript");
    }

    /**
     * @param opensNew whether the record begins a new session's or chat's history (refused first when the backlog fills)
     * @param owner    "session …" or "chat …", for messages
     * @param lostNew  what refusing a new one means, for messages
     */
    private Mono<Void> enqueue(Object record, boolean opensNew, String owner, String lostNew) {
        return Mono.defer(() -> {
            if (closed) {
                rejected.increment();
                return Mono.error(new HistoryUnavailableException("The history store is closed; the record for "
                        + owner + " was not stored. This happens only during shutdown."));
            }
            int limit = opensNew ? newSessionLimit : capacity;
            for (;;) {
                int n = backlog.get();
                if (n >= limit) {
                    return refuse(opensNew ? lostNew : "a " + record.getClass().getSimpleName() + " record of "
                            + owner + " was not stored", n);
                }
                if (backlog.compareAndSet(n, n + 1)) {
                    break;
                }
            }
            queue.offer(new Pending(record));
            signal();
            return Mono.empty();
        });
    }

    private Mono<Void> refuse(String what, int n) {
        rejected.increment();
        String message = "History backlog is full (" + n + " records wait; capacity " + capacity
                + ") because Cassandra at " + where + " is slow or unreachable: " + what
                + ". Restore Cassandra, or raise tandem.history.cassandra.queue-capacity.";
        long heldBack = rejectLog.tryLog();
        if (heldBack >= 0) {
            log.warn("{} ({} more refused since the last report; {} refused in all)", message, heldBack, rejected.sum());
        }
        return Mono.error(new HistoryBacklogFullException(message));
    }

    /** Starts writing to {@code session} (after connecting and migrating the schema). */
    public void connected(CqlSession session, Statements statements) {
        this.target = new Target(session, statements);
        backoffLevel.set(0);
        pausedUntil.set(System.nanoTime());
        signal();
    }

    /** Whether a session is set. */
    public boolean isConnected() {
        return target != null;
    }

    /**
     * Whether a session is set and its driver sees at least one Cassandra node up: what operators call
     * connected. (Writes are attempted whenever a session is set; the driver reconnects by itself.)
     */
    public boolean isReachable() {
        Target t = target;
        return t != null && t.session().getMetadata().getNodes().values().stream()
                .anyMatch(n -> n.getState() == NodeState.UP);
    }

    /** The session writes go to, or {@code null}. */
    public CqlSession session() {
        Target t = target;
        return t == null ? null : t.session();
    }

    /** The statements writes use, or {@code null}. */
    public Statements statements() {
        Target t = target;
        return t == null ? null : t.statements();
    }

    /** Refuses every later offer; what is queued keeps being written until {@link #dispose()}. */
    public void close() {
        closed = true;
    }

    /** Stops the drain loop; whatever is still queued stays unwritten (the caller reports it). */
    public void dispose() {
        closed = true;
        target = null;
        worker.dispose();
    }

    public long backlog() {
        return backlog.get();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long written() {
        return written.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    private void signal() {
        if (wip.getAndIncrement() == 0) {
            try {
                worker.schedule(this::drain);
            } catch (RuntimeException disposed) {
                wip.set(0); // the worker is gone: the writer was disposed
            }
        }
    }

    private void drain() {
        int missed = 1;
        do {
            for (;;) {
                Target t = target;
                if (t == null || paused() || inFlight.get() >= maxInFlight) {
                    break;
                }
                Pending pending = queue.poll();
                if (pending == null) {
                    break;
                }
                inFlight.incrementAndGet();
                send(t, pending);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void send(Target t, Pending pending) {
        try {
            t.session().executeAsync(t.statements().write(pending.record))
                    .whenComplete((rs, error) -> completed(pending, error));
        } catch (RuntimeException e) {
            completed(pending, e);
        }
    }

    private void completed(Pending pending, Throwable error) {
        inFlight.decrementAndGet();
        if (error == null) {
            written.increment();
            backlog.decrementAndGet();
            if (backoffLevel.getAndSet(0) > 0) {
                log.info("History writes to Cassandra at {} succeed again; {} records wait", where, backlog.get());
            }
        } else {
            retried.increment();
            pending.attempts++;
            queue.offer(pending);
            backOff(error, pending);
        }
        signal();
    }

    private void backOff(Throwable error, Pending pending) {
        long now = System.nanoTime();
        long until = pausedUntil.get();
        if (now - until < 0) {
            return; // already pausing: one failure round raises the backoff once
        }
        int level = backoffLevel.updateAndGet(l -> Math.min(l + 1, 30));
        long delay = Math.min(maxBackoffNanos, BASE_BACKOFF_NANOS << Math.min(level - 1, 20));
        delay += ThreadLocalRandom.current().nextLong(delay / 4 + 1); // jitter: servers do not retry in step
        if (pausedUntil.compareAndSet(until, now + delay)) {
            long heldBack = failureLog.tryLog();
            if (heldBack >= 0) {
                log.warn("History write to Cassandra at {} failed ({} more failures since the last report; "
                                + "{} records wait, none dropped); retrying in {} ms (attempt {} of this record): {}",
                        where, heldBack, backlog.get(), TimeUnit.NANOSECONDS.toMillis(delay), pending.attempts + 1,
                        error.toString());
            }
            try {
                worker.schedule(this::signal, delay, TimeUnit.NANOSECONDS);
            } catch (RuntimeException disposed) {
                // disposed while failing: nothing left to retry for
            }
        }
    }

    private boolean paused() {
        return System.nanoTime() - pausedUntil.get() < 0;
    }

    private record Target(CqlSession session, Statements statements) {
    }

    private static final class Pending {
        /** A {@link HistoryRecord} or a {@link TranscriptRecord}. */
        final Object record;
        volatile int attempts;

        Pending(Object record) {
            this.record = record;
        }
    }
}
