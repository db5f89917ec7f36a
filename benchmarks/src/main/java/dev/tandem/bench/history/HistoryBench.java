package dev.tandem.bench.history;

import com.typesafe.config.ConfigFactory;
import dev.tandem.bench.BenchException;
import dev.tandem.bench.history.internal.AckTracker;
import dev.tandem.bench.history.internal.Pacer;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.history.cassandra.CassandraHistoryStore;
import dev.tandem.history.cassandra.CassandraOptions;
import dev.tandem.history.cassandra.HistoryStoreStats;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandra;
import dev.tandem.history.cassandra.embedded.EmbeddedCassandraOptions;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes page visits through {@link CassandraHistoryStore} into an embedded Cassandra node (its own
 * child JVM, started and stopped here) at increasing offered rates, one step each, and reports for every
 * step the writes acknowledged per second and the write latency (intended append → acknowledged by
 * Cassandra, HdrHistogram). Stops after the first step the store does not sustain.
 *
 * <p>Every write is a {@link HistoryRecord.PageEntered} — one clustering row of its session's partition —
 * for sessions of {@link HistoryBenchOptions#pagesPerSession()} pages each, as a co-browse server records
 * them. Writes are offered open-loop (see {@link Pacer}) from one thread; nothing blocks.
 */
public final class HistoryBench {
    /** Share of the offered rate a sustained step's acknowledgements must reach. */
    public static final double MIN_KEPT_UP = 0.97;

    private final HistoryBenchOptions options;
    private final Consumer<String> log;
    private final long startNanos = System.nanoTime();
    private final String pad;
    private final Scheduler pacer = Schedulers.newSingle("bench-history-pacer");
    private final Scheduler acks = Schedulers.newSingle("bench-history-acks");
    private volatile String phase = "start";
    private volatile double offered;
    private long session = -1;
    private SessionHistoryId sessionId;
    private int page;

    private HistoryBench(HistoryBenchOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.pad = "x".repeat(Math.max(0, options.urlBytes() - 60));
    }

    /** Runs the benchmark; progress lines go to {@code log}. */
    public static Mono<HistoryBenchResult> run(HistoryBenchOptions options, Consumer<String> log) {
        return Mono.defer(() -> new HistoryBench(options, log).execute());
    }

    private Mono<HistoryBenchResult> execute() {
        String startedAt = Instant.now().toString();
        return Mono.usingWhen(dataDir(), dir -> {
            long t0 = System.nanoTime();
            phase = "node";
            log.accept("Starting an embedded Cassandra node (heap " + options.cassandraHeap() + ", data in " + dir
                    + ") …");
            return Mono.usingWhen(EmbeddedCassandra.start(nodeOptions(dir)),
                    node -> {
                        HistoryBenchResult.Node info = new HistoryBenchResult.Node(node.releaseVersion(),
                                node.contactPoint(), node.pid(), dir.toString(), (System.nanoTime() - t0) / 1e9);
                        log.accept(String.format(Locale.ROOT, "Cassandra %s answers on %s (pid %d) after %.1f s",
                                info.releaseVersion(), info.contactPoint(), info.pid(), info.startSeconds()));
                        return withStore(node, info, startedAt);
                    },
                    EmbeddedCassandra::stop);
        }, this::deleteIfTemporary).doFinally(signal -> {
            pacer.dispose();
            acks.dispose();
        });
    }

    private Mono<HistoryBenchResult> withStore(EmbeddedCassandra node, HistoryBenchResult.Node info, String startedAt) {
        CassandraOptions storeOptions = node.clientOptions(CassandraOptions.DEFAULT.toBuilder()
                .queueCapacity(options.queueCapacity()).maxInFlight(options.maxInFlight()).build());
        // start() builds the driver's session at once, and the driver reads its configuration from jars: a blocking
        // call that must not run on the event loop or parallel thread that signalled the node's readiness.
        Mono<CassandraHistoryStore> start = Mono.fromCallable(() -> CassandraHistoryStore.builder()
                .options(storeOptions).start()).subscribeOn(Schedulers.boundedElastic());
        return Mono.usingWhen(start,
                store -> store.whenConnected()
                        .timeout(Duration.ofSeconds(60), Mono.error(() -> new BenchException("The history store did"
                                + " not connect to " + node.contactPoint() + " within 60 s; see " + node.logFile())))
                        .then(Mono.defer(() -> measure(store, node, info, startedAt))),
                CassandraHistoryStore::close);
    }

    private Mono<HistoryBenchResult> measure(CassandraHistoryStore store, EmbeddedCassandra node,
                                             HistoryBenchResult.Node info, String startedAt) {
        AckTracker tracker = new AckTracker(options.queueCapacity(), () -> store.stats().written());
        Disposable poller = acks.schedulePeriodically(tracker::poll, 0, AckTracker.POLL_MICROS, TimeUnit.MICROSECONDS);
        Disposable progress = options.progress().isZero() ? Disposables.disposed()
                : Flux.interval(options.progress(), options.progress())
                .subscribe(new ProgressLine(store, tracker)::print);
        List<HistoryBenchResult.Step> steps = new ArrayList<>();
        Mono<Void> warmup = options.warmup().isZero() ? Mono.empty()
                : step(store, node, tracker, options.rates().get(0), options.warmup(), "warm-up").then();
        return warmup
                .thenMany(Flux.fromIterable(options.rates())
                        .concatMap(rate -> step(store, node, tracker, rate, options.step(), "step"))
                        .doOnNext(steps::add)
                        .takeUntil(s -> !s.sustained()))
                .then(Mono.fromCallable(() -> {
                    HistoryBenchResult.Step best = steps.stream().filter(HistoryBenchResult.Step::sustained)
                            .max(Comparator.comparingDouble(HistoryBenchResult.Step::offeredPerSecond)).orElse(null);
                    HistoryBenchResult.Step bounded = steps.stream().filter(HistoryBenchResult.Step::sustained)
                            .filter(s -> s.latencyMs().p99() <= options.p99BoundMs())
                            .max(Comparator.comparingDouble(HistoryBenchResult.Step::offeredPerSecond)).orElse(null);
                    return new HistoryBenchResult(startedAt, "ok", config(), info, List.copyOf(steps), best, bounded);
                }))
                .doFinally(signal -> {
                    poller.dispose();
                    progress.dispose();
                });
    }

    /** One step: offer {@code rate} writes/s for {@code length}, then wait until all are acknowledged. */
    private Mono<HistoryBenchResult.Step> step(CassandraHistoryStore store, EmbeddedCassandra node, AckTracker tracker,
                                               double rate, Duration length, String name) {
        return Mono.defer(() -> {
            phase = name;
            offered = rate;
            HistoryStoreStats before = store.stats();
            tracker.stepInterval(); // drop what came before
            return cpu(node).flatMap(cpu0 -> {
                long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
                long end = start + length.toNanos();
                return Pacer.run(pacer, rate, start, end, intended -> write(store, tracker, intended), store::backlog)
                        .flatMap(issued -> {
                            long windowEnd = System.nanoTime();
                            HistoryStoreStats after = store.stats();
                            phase = name + " drain";
                            return cpu(node).flatMap(cpu1 -> Flux.interval(Duration.ofMillis(10))
                                    .filter(tick -> tracker.drained())
                                    .next()
                                    .map(tick -> true)
                                    .timeout(options.drainTimeout(), Mono.just(false))
                                    .map(drained -> result(rate, start, windowEnd, issued, before, after, store,
                                            tracker, drained, cores(cpu0[0], cpu1[0], windowEnd - start),
                                            cores(cpu0[1], cpu1[1], windowEnd - start))));
                        });
            }).doOnNext(step -> log.accept(summary(name, step)));
        });
    }

    /** CPU time so far of the node and of this JVM, read from /proc off the event loops. */
    private static Mono<long[]> cpu(EmbeddedCassandra node) {
        return Mono.fromCallable(() -> new long[] {cpuNanos(node.pid()), cpuNanos(ProcessHandle.current().pid())})
                .subscribeOn(Schedulers.boundedElastic());
    }

    private boolean write(CassandraHistoryStore store, AckTracker tracker, long intendedNanos) {
        tracker.stage(intendedNanos);
        // append() decides at once — it reserves a place in the backlog or refuses — and never waits.
        boolean[] refused = {false};
        store.append(nextPage()).subscribe(null, error -> refused[0] = true);
        if (refused[0]) {
            return false;
        }
        tracker.commit();
        return true;
    }

    private HistoryRecord.PageEntered nextPage() {
        if (sessionId == null || page >= options.pagesPerSession()) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // a version-4 UUID, made without SecureRandom
            long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            sessionId = new SessionHistoryId(new UUID(msb, lsb));
            session++;
            page = 0;
        }
        String url = "https://shop.example.com/catalog/" + session + "/item-" + page + "?ref=tandem-bench&p=" + pad;
        return new HistoryRecord.PageEntered(sessionId, page++, url, System.currentTimeMillis());
    }

    private HistoryBenchResult.Step result(double rate, long start, long windowEnd, Pacer.Issued issued,
                                           HistoryStoreStats before, HistoryStoreStats after,
                                           CassandraHistoryStore store, AckTracker tracker, boolean drained,
                                           double cassandraCores, double benchCores) {
        double seconds = (windowEnd - start) / 1e9;
        long written = after.written() - before.written();
        double writtenPerSecond = written / seconds;
        double drainSeconds = (System.nanoTime() - windowEnd) / 1e9;
        Histogram h = tracker.stepInterval();
        LoadResult.Latency latency = h.getTotalCount() == 0 ? new LoadResult.Latency(0, 0, 0, 0, 0, 0, 0)
                : new LoadResult.Latency(h.getTotalCount(), h.getMean() / 1e6, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6, h.getValueAtPercentile(99.9) / 1e6,
                h.getMaxValue() / 1e6);
        long backlogBound = Math.max(2L * options.maxInFlight(), Math.round(rate * 0.1));
        String verdict;
        if (issued.rejected() > 0) {
            verdict = issued.rejected() + " writes refused (backlog full)";
        } else if (!drained) {
            verdict = "not all writes acknowledged within " + options.drainTimeout().toSeconds() + " s after the step";
        } else if (writtenPerSecond < MIN_KEPT_UP * rate) {
            verdict = String.format(Locale.ROOT, "acknowledged %.0f/s of %.0f/s offered", writtenPerSecond, rate);
        } else if (after.backlog() > backlogBound) {
            verdict = "backlog grew to " + after.backlog() + " (bound " + backlogBound + ")";
        } else {
            verdict = "sustained";
        }
        return new HistoryBenchResult.Step(rate, seconds, issued.issued(), issued.accepted(), issued.rejected(),
                written, writtenPerSecond, after.retried() - before.retried(), after.backlog(),
                Math.max(issued.backlogMax(), store.backlog()), drainSeconds, latency, cassandraCores, benchCores,
                "sustained".equals(verdict), verdict);
    }

    private static String summary(String name, HistoryBenchResult.Step s) {
        return String.format(Locale.ROOT, "%s %.0f/s: acknowledged %.0f/s, latency p50 %.2f p99 %.2f max %.2f ms,"
                        + " backlog max %d, refused %d, retried %d | cassandra cpu %.2f, bench cpu %.2f — %s", name,
                s.offeredPerSecond(), s.writtenPerSecond(), s.latencyMs().p50(), s.latencyMs().p99(),
                s.latencyMs().max(), s.backlogMax(), s.rejected(), s.retried(), s.cassandraCpuCores(),
                s.benchCpuCores(), s.verdict());
    }

    private HistoryBenchResult.Config config() {
        return new HistoryBenchResult.Config(options.rates(), options.warmup().toMillis() / 1e3,
                options.step().toMillis() / 1e3, options.pagesPerSession(), options.urlBytes(),
                options.queueCapacity(), options.maxInFlight(), options.cassandraHeap(), options.p99BoundMs());
    }

    private EmbeddedCassandraOptions nodeOptions(Path dir) {
        // the same configuration layers as the server: reference.conf, system properties (maven-repository, lib-dir)
        return EmbeddedCassandraOptions.fromConfig(ConfigFactory.load()).toBuilder()
                .dataDirectory(dir)
                .heap(options.cassandraHeap())
                .nativePort(0).storagePort(0).jmxPort(0)
                .build();
    }

    private Mono<Path> dataDir() {
        return Mono.fromCallable(() -> options.dataDir() != null ? options.dataDir()
                : Files.createTempDirectory("tandem-bench-cassandra")).subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<Void> deleteIfTemporary(Path dir) {
        if (options.dataDir() != null) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                log.accept("warning: could not delete " + dir + ": " + e.getMessage());
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private static long cpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    private static double cores(long before, long after, long wallNanos) {
        return before < 0 || after < 0 || wallNanos <= 0 ? -1 : (after - before) / (double) wallNanos;
    }

    /** One line every {@code --progress}: phase, offered and acknowledged rates, backlog, interval latency. */
    private final class ProgressLine {
        private final CassandraHistoryStore store;
        private final AckTracker tracker;
        private long lastAcked;
        private long lastAt = System.nanoTime();

        ProgressLine(CassandraHistoryStore store, AckTracker tracker) {
            this.store = store;
            this.tracker = tracker;
        }

        void print(long tick) {
            long now = System.nanoTime();
            long acked = tracker.acknowledged();
            Histogram h = tracker.progressInterval();
            HistoryStoreStats s = store.stats();
            log.accept(String.format(Locale.ROOT, "[%6.1fs] %-12s offered %6.0f/s | acknowledged %6.0f/s | backlog %5d"
                            + " in flight %3d | p50 %.2f p99 %.2f max %.2f ms | refused %d retried %d",
                    (now - startNanos) / 1e9, phase, offered, (acked - lastAcked) / ((now - lastAt) / 1e9),
                    s.backlog(), s.inFlight(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                    h.getMaxValue() / 1e6, s.rejected(), s.retried()));
            lastAcked = acked;
            lastAt = now;
        }
    }
}
