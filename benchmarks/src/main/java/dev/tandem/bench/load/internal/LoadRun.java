package dev.tandem.bench.load.internal;

import dev.tandem.bench.BenchException;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Protocol;
import dev.tandem.bench.load.TransportMode;
import org.HdrHistogram.Histogram;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One load run, phase by phase: live heap (baseline) → connect every peer → live heap (idle) → set up
 * the sessions, each starting its stream once joined → warm-up → steady (measured) → stop streams and
 * drain → live heap (active) → disconnect. All I/O is non-blocking on the generator's event loops;
 * this chain only sequences the phases.
 */
public final class LoadRun {
    private static final Duration DRAIN = Duration.ofSeconds(1);
    private static final double GOLDEN = 0.6180339887498949;

    private final LoadOptions options;
    private final Consumer<String> log;
    private final Metrics metrics = new Metrics();
    private final String filler;
    private final URI wsUri;
    private final URI httpUri;
    private final List<SessionDriver> sessions = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();
    private final Queue<SessionDriver> streaming = new ConcurrentLinkedQueue<>();
    private final long startNanos = System.nanoTime();
    private final Instant startedAt = Instant.now();

    private Io io;
    private ServerProbe probe;
    private volatile String phase = "start";
    private volatile ServerProbe.HeapPoint heapBaseline;
    private volatile ServerProbe.HeapPoint heapIdle;
    private volatile ServerProbe.HeapPoint heapActive;
    private volatile double connectSeconds;
    private volatile double setupSeconds;
    private volatile double setupCpuMicrosPerSession = -1;
    private volatile double setupOwnCpuMicrosPerSession = -1;
    private volatile Metrics.Counters steadyStart;
    private volatile OwnGc.Totals gcAtStart = OwnGc.Totals.NONE;
    private volatile OwnGc.Totals gcAtEnd = OwnGc.Totals.NONE;
    private volatile Metrics.Counters steadyEnd;
    private Metrics.Counters lastProgress;
    private double cpuSum;
    private int cpuCount;
    private double cpuMax = -1;
    private long heapMax = -1;
    private long rssMax = -1;
    private long ownCpuNanos = -1;
    private long ownCpuAt;
    private double ownCpuSum;
    private int ownCpuCount;
    private double ownCpuMax = -1;
    private double loadMax = -1;
    private int machineCpus = Runtime.getRuntime().availableProcessors();

    public LoadRun(LoadOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
        this.filler = Wire.filler(options.payloadBytes());
        this.wsUri = withScheme(options.target(), true);
        this.httpUri = withScheme(options.target(), false);
    }

    public Mono<LoadResult> execute() {
        return Mono.usingWhen(Mono.fromCallable(this::build), ignored -> phases(), ignored -> dispose())
                .timeout(options.maxDuration(), Mono.error(() -> new BenchException(
                        "The run exceeded --max-duration " + options.maxDuration().toSeconds()
                                + " s in phase '" + phase + "'; raise it or lower the load")));
    }

    private LoadRun build() {
        int lpPeers = options.transport() == TransportMode.WEBSOCKET ? 0
                : options.sessions() * options.peersPerSession();
        Duration responseTimeout = options.requestTimeout().plusSeconds(60);
        io = new Io(options.ioThreads(), lpPeers, responseTimeout, bindAddresses(), options.maxFrameBytes(),
                options.compress());
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < options.sessions(); i++) {
            SessionDriver session;
            if (options.protocol() == Protocol.RAW) {
                String room = run + "-" + i;
                session = new RawSession(i, metrics, options.rate(), options.snapshotEvery(), options.agents(),
                        (role, listener) -> new RawPeer(new WsLink(io, io.websocket(linkCount++), rawUri(room, role),
                                options.maxFrameBytes(), metrics), metrics, listener, filler));
            } else {
                session = new BayeuxSession(i, metrics, options.rate(), options.snapshotEvery(), options.agents(),
                        options.controller(),
                        listener -> new BayeuxPeer(nextLink(), metrics, listener, options.requestTimeout(), filler,
                                options.streamChannel()));
            }
            sessions.add(session);
            peers.addAll(session.peers());
        }
        warnAboutLimits(lpPeers);
        return this;
    }

    private Link nextLink() {
        int index = linkCount++;
        boolean websocket = switch (options.transport()) {
            case WEBSOCKET -> true;
            case LONG_POLLING -> false;
            case MIXED -> (index * GOLDEN) % 1.0 < options.websocketShare();
        };
        return websocket
                ? new WsLink(io, io.websocket(index), wsUri, options.maxFrameBytes(), metrics)
                : new LpLink(io, io.http(index), httpUri, metrics);
    }

    private List<InetAddress> bindAddresses() {
        List<InetAddress> out = new ArrayList<>();
        for (String address : options.bindAddresses()) {
            try {
                out.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new BenchException("--bind-addresses: '" + address + "' is not an address", e);
            }
        }
        return out;
    }

    /** Says so when the planned connections exceed this process's file limit or one address's ports. */
    private void warnAboutLimits(int lpPeers) {
        long connections = (long) peers.size() + lpPeers; // long-polling peers use two
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean os
                && connections + 256 > os.getMaxFileDescriptorCount()) {
            log.accept("warning: about " + connections + " connections planned but this process may open only "
                    + os.getMaxFileDescriptorCount() + " files; raise `ulimit -n` (the server needs as many)");
        }
        if (connections >= 1_000 && "Serial".equals(OwnGc.collector())) {
            log.accept("warning: this generator JVM runs the Serial collector (it sees "
                    + Runtime.getRuntime().availableProcessors() + " CPU); its pauses, tens of ms at thousands of"
                    + " connections, are counted in the latencies it measures: for latency figures give it two CPUs"
                    + " (no taskset), see docs/benchmarks.md");
        }
        int addresses = Math.max(1, options.bindAddresses().size());
        if (connections / addresses > 25_000) {
            log.accept("warning: about " + connections / addresses + " connections per local address towards one"
                    + " server port; the ephemeral range has ~28k ports: add --bind-addresses 127.0.0.2,127.0.0.3,…");
        }
    }

    private int linkCount;

    private URI rawUri(String room, String role) {
        String base = wsUri.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + room + "?role=" + role);
    }

    private Mono<Void> dispose() {
        return Mono.defer(() -> {
            if (probe != null) {
                probe.stop();
            }
            return io == null ? Mono.empty() : io.dispose();
        });
    }

    private Mono<LoadResult> phases() {
        return ServerProbe.start(io, options.serverPid(), options.metricsUri()).flatMap(p -> {
            probe = p;
            // a sample can take longer than a second (jstat on a busy machine): skip the ticks it overlaps
            Disposable sampler = Flux.interval(Duration.ofSeconds(1))
                    .onBackpressureDrop()
                    .concatMap(tick -> probe.sample(), 0)
                    .subscribe(this::onSample);
            Disposable progress = options.progress().isZero() ? Disposables.disposed()
                    : Flux.interval(options.progress(), options.progress()).subscribe(tick -> progress());
            return liveHeap("baseline", v -> heapBaseline = v)
                    .then(connect())
                    .then(liveHeap("idle", v -> heapIdle = v))
                    .then(setUp())
                    .then(Mono.fromRunnable(() -> phase = "warm-up"))
                    .then(Mono.delay(options.warmup()))
                    .then(Mono.fromRunnable(this::checkStreamFlows))
                    .then(Mono.fromRunnable(this::beginSteady))
                    .then(Mono.delay(options.duration()))
                    .then(Mono.fromRunnable(this::endSteady))
                    .then(Mono.delay(DRAIN))
                    .then(liveHeap("active", v -> heapActive = v))
                    .onErrorResume(e -> abandon().then(Mono.error(e)))
                    .then(close())
                    .then(Mono.fromCallable(this::result))
                    .doFinally(signal -> {
                        sampler.dispose();
                        progress.dispose();
                    });
        });
    }

    /**
     * Measures live heap at {@code point} (baseline, idle, active); with an output directory, keeps jcmd's
     * class histogram as {@code histograms/<label>-<point>.txt} for {@code histogram-diff}.
     */
    private Mono<Void> liveHeap(String point, Consumer<ServerProbe.HeapPoint> into) {
        if (!options.heapProbe()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            phase = "heap";
            return probe.liveHeap()
                    .flatMap(v -> saveHistogram(point, v).thenReturn(v))
                    .doOnNext(into)
                    .then();
        });
    }

    private Mono<Void> saveHistogram(String point, ServerProbe.HeapPoint v) {
        if (options.outputDir() == null || v.histogram() == null) {
            return Mono.empty();
        }
        return Mono.fromRunnable(() -> {
            Path dir = options.outputDir().resolve("histograms");
            String name = options.label().replaceAll("[^A-Za-z0-9_.-]", "-") + "-" + point + ".txt";
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(name), v.histogram());
            } catch (IOException e) {
                log.accept("warning: could not write " + dir.resolve(name) + ": " + e.getMessage());
            }
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private Mono<Void> connect() {
        return Mono.defer(() -> {
            phase = "connect";
            long t0 = System.nanoTime();
            return Flux.fromIterable(peers)
                    .flatMap(peer -> peer.open()
                            .doOnSuccess(v -> metrics.peersOpen.increment())
                            .onErrorResume(e -> {
                                metrics.error("open", String.valueOf(e.getMessage()));
                                return Mono.empty();
                            }), options.concurrency())
                    .then(Mono.fromRunnable(() -> {
                        connectSeconds = (System.nanoTime() - t0) / 1e9;
                        if (metrics.peersOpen.sum() == 0) {
                            throw new BenchException("No peer could connect to " + options.target() + " ("
                                    + firstError() + "). Is the server running there, and is the path right?");
                        }
                    }));
        });
    }

    /** This JVM's CPU time (every thread), -1 when the platform does not tell. */
    private static long ownCpuTimeNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private Mono<Void> setUp() {
        return probe.cpuTimeNanos().flatMap(cpu0 -> setUp(cpu0)).then();
    }

    private Mono<Void> setUp(long cpu0) {
        return Mono.defer(() -> {
            phase = "set-up";
            long t0 = System.nanoTime();
            long own0 = ownCpuTimeNanos();
            Flux<SessionDriver> source = Flux.fromIterable(sessions);
            if (!options.ramp().isZero()) {
                source = source.delayElements(options.ramp().dividedBy(options.sessions()));
            }
            return source
                    .flatMap(session -> session.setUp()
                            .then(Mono.fromRunnable(() -> {
                                streaming.add(session);
                                session.startStream();
                            }))
                            .onErrorResume(e -> {
                                metrics.error("set-up", String.valueOf(e.getMessage()));
                                return Mono.empty();
                            }), options.concurrency())
                    .then(probe.cpuTimeNanos())
                    .doOnNext(cpu1 -> {
                        long own1 = ownCpuTimeNanos();
                        long up = metrics.sessionsUp.sum();
                        setupCpuMicrosPerSession = cpu0 >= 0 && cpu1 >= 0 && up > 0 ? (cpu1 - cpu0) / 1e3 / up : -1;
                        setupOwnCpuMicrosPerSession = own0 >= 0 && own1 >= 0 && up > 0 ? (own1 - own0) / 1e3 / up : -1;
                    })
                    .then(Mono.fromRunnable(() -> {
                        setupSeconds = (System.nanoTime() - t0) / 1e9;
                        if (metrics.sessionsUp.sum() == 0) {
                            throw new BenchException("No session could be set up on " + options.target() + " ("
                                    + firstError() + ")");
                        }
                    }));
        });
    }

    /** A server that relays nothing fails the run here, not after a whole steady phase of nothing. */
    private void checkStreamFlows() {
        long sent = metrics.streamSent.sum();
        if (!options.warmup().isZero() && sent > 0 && metrics.streamDelivered.sum() == 0) {
            throw new BenchException("No page-stream message reached an agent during the warm-up (" + sent
                    + " sent; first error: " + firstError() + "). Does the server relay " + options.streamChannel()
                    + " from the master to the agents?");
        }
    }

    private void beginSteady() {
        gcAtStart = OwnGc.now();
        metrics.beginSteady();
        steadyStart = metrics.counters();
        synchronized (this) {
            cpuSum = 0;
            cpuCount = 0;
            cpuMax = -1;
            ownCpuSum = 0;
            ownCpuCount = 0;
            ownCpuMax = -1;
            loadMax = -1;
        }
        phase = "steady";
    }

    private void endSteady() {
        gcAtEnd = OwnGc.now();
        steadyEnd = metrics.counters();
        metrics.endSteady();
        phase = "drain";
        streaming.forEach(SessionDriver::stopStream);
    }

    /**
     * The masters end their sessions ({@code /service/session/exit}), then every peer disconnects, so that
     * the server holds nothing of this run when the next one measures its baseline.
     */
    private Mono<Void> close() {
        return Mono.defer(() -> {
            phase = "close";
            int concurrency = Math.max(64, options.concurrency() * 4);
            return Flux.fromIterable(sessions)
                    .flatMap(SessionDriver::end, concurrency)
                    .then()
                    .timeout(Duration.ofSeconds(60))
                    .onErrorResume(e -> Mono.empty())
                    .then(Flux.fromIterable(peers)
                            .flatMap(Peer::close, concurrency)
                            .then()
                            .timeout(Duration.ofSeconds(30))
                            .onErrorResume(e -> Mono.empty()));
        });
    }

    /**
     * A failed run still ends what it set up: the streams stop, the masters exit and the peers disconnect,
     * so the server is not left holding sessions until its timeouts (nor the next run's baseline with them).
     */
    private Mono<Void> abandon() {
        return Mono.defer(() -> {
            streaming.forEach(SessionDriver::stopStream);
            return close();
        });
    }

    private synchronized void onSample(ServerProbe.Sample s) {
        boolean steady = "steady".equals(phase);
        if (s.cpuCores() >= 0 && steady) {
            cpuSum += s.cpuCores();
            cpuCount++;
            cpuMax = Math.max(cpuMax, s.cpuCores());
        }
        heapMax = Math.max(heapMax, s.heapUsed());
        rssMax = Math.max(rssMax, s.rss());
        if (steady) {
            loadMax = Math.max(loadMax, s.loadAverage());
        }
        if (s.machineCpus() > 0) {
            machineCpus = s.machineCpus();
        }
        long cpu = ownCpuTimeNanos();
        long now = System.nanoTime();
        if (cpu >= 0 && ownCpuNanos >= 0 && now > ownCpuAt && steady) {
            double cores = (cpu - ownCpuNanos) / (double) (now - ownCpuAt);
            ownCpuSum += cores;
            ownCpuCount++;
            ownCpuMax = Math.max(ownCpuMax, cores);
        }
        ownCpuNanos = cpu;
        ownCpuAt = now;
    }

    private void progress() {
        Metrics.Interval interval = metrics.roll();
        Metrics.Counters now = metrics.counters();
        Metrics.Counters before;
        synchronized (this) {
            before = lastProgress;
            lastProgress = now;
        }
        double secs = before == null ? (now.atNanos() - startNanos) / 1e9 : now.seconds(before);
        long sent = now.streamSent() - (before == null ? 0 : before.streamSent());
        long delivered = now.streamDelivered() - (before == null ? 0 : before.streamDelivered());
        long bytesOut = now.bytesOut() - (before == null ? 0 : before.bytesOut());
        long bytesIn = now.bytesIn() - (before == null ? 0 : before.bytesIn());
        ServerProbe.Sample s = probe.latest();
        log.accept(String.format(
                "[%6.1fs] %-8s peers %d/%d sessions %d/%d | in %.0f msg/s %s/s | out %.0f msg/s %s/s"
                        + " | p50 %.2f p99 %.2f max %.2f ms | err %d reconn %d | server cpu %s heap %s rss %s",
                (now.atNanos() - startNanos) / 1e9, phase, now.peersOpen(), peers.size(), now.sessionsUp(),
                sessions.size(), sent / secs, bytes(bytesOut / secs), delivered / secs, bytes(bytesIn / secs),
                interval.p50() / 1e6, interval.p99() / 1e6, interval.max() / 1e6, now.errors(), now.reconnects(),
                s.cpuCores() < 0 ? "?" : String.format("%.2f", s.cpuCores()), bytes(s.heapUsed()), bytes(s.rss())));
    }

    static String bytes(double n) {
        if (n < 0) {
            return "?";
        }
        if (n < 1024) {
            return String.format("%.0f B", n);
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", n / (1024 * 1024));
        }
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    private String firstError() {
        List<String> samples = metrics.errorSamples();
        return samples.isEmpty() ? "no error recorded" : samples.get(0);
    }

    private LoadResult result() {
        Metrics.Counters end = metrics.counters();
        Metrics.Counters s0 = steadyStart;
        Metrics.Counters s1 = steadyEnd;
        double steadySecs = s1.seconds(s0);
        Histogram latency = metrics.steadyLatency();
        long sent = s1.streamSent() - s0.streamSent();
        long delivered = s1.streamDelivered() - s0.streamDelivered();
        LoadResult.Steady steady = new LoadResult.Steady(steadySecs,
                new LoadResult.Rate(sent / steadySecs, (s1.bytesOut() - s0.bytesOut()) / steadySecs),
                new LoadResult.Rate(delivered / steadySecs, (s1.bytesIn() - s0.bytesIn()) / steadySecs),
                latency(latency), latency(metrics.steadySendLag()), sent, delivered,
                metrics.windowSent.sum() * options.agents(), metrics.windowDelivered.sum(), s1.gaps() - s0.gaps(), s1.reordered() - s0.reordered(), s1.skipped() - s0.skipped(),
                s1.errors() - s0.errors(), s1.reconnects() - s0.reconnects(),
                s1.notifications() - s0.notifications());
        int peerCount = peers.size();
        LoadResult.Connections connections = new LoadResult.Connections(peerCount, end.peersOpen(), connectSeconds,
                connectSeconds > 0 ? end.peersOpen() / connectSeconds : 0);
        LoadResult.SetUp setUp = new LoadResult.SetUp(sessions.size(), end.sessionsUp(), setupSeconds,
                setupSeconds > 0 ? end.sessionsUp() / setupSeconds : 0, latency(metrics.setupLatency()),
                setupCpuMicrosPerSession, setupOwnCpuMicrosPerSession);
        ServerProbe.HeapPoint base = heapBaseline;
        ServerProbe.HeapPoint idle = heapIdle;
        ServerProbe.HeapPoint active = heapActive;
        Double perIdle = base != null && idle != null && end.peersOpen() > 0
                ? (double) (idle.liveBytes() - base.liveBytes()) / end.peersOpen() : null;
        Double perSession = base != null && active != null && end.sessionsUp() > 0
                ? (double) (active.liveBytes() - base.liveBytes()) / end.sessionsUp() : null;
        Double rssPerIdle = base != null && idle != null && base.rss() >= 0 && idle.rss() >= 0 && end.peersOpen() > 0
                ? (double) (idle.rss() - base.rss()) / end.peersOpen() : null;
        LoadResult.Server server;
        LoadResult.Generator generator;
        synchronized (this) {
            server = new LoadResult.Server(probe.source(), cpuCount > 0 ? cpuSum / cpuCount : -1, cpuMax, heapMax,
                    rssMax, base == null ? null : base.liveBytes(), idle == null ? null : idle.liveBytes(),
                    active == null ? null : active.liveBytes(), perIdle, perSession, rss(base), rss(idle),
                    rss(active), rssPerIdle);
            generator = new LoadResult.Generator(options.ioThreads(), ownCpuCount > 0 ? ownCpuSum / ownCpuCount : -1,
                    ownCpuMax, loadMax, machineCpus, OwnGc.collector(), gcAtEnd.count() - gcAtStart.count(),
                    gcAtEnd.millis() - gcAtStart.millis());
        }
        LoadResult.Config config = new LoadResult.Config(options.sessions(), options.agents(), options.controller(),
                peerCount, options.rate(), options.payloadBytes(), options.snapshotEvery(),
                options.transport() == TransportMode.MIXED ? options.websocketShare()
                        : options.transport() == TransportMode.WEBSOCKET ? 1 : 0,
                options.ramp().toMillis() / 1e3, options.warmup().toMillis() / 1e3,
                options.duration().toMillis() / 1e3);
        LoadResult.Totals totals = new LoadResult.Totals(end.streamSent(), end.streamDelivered(), end.gaps(),
                end.errors(), end.reconnects(), metrics.replayed.sum(), metrics.resyncs.sum());
        String outcome = "ok";
        if (delivered == 0) {
            outcome = "failed: no page-stream message reached an agent in the steady phase (" + sent
                    + " sent; first error: " + firstError() + "). Does the server relay " + options.streamChannel()
                    + " from the master to the agents?";
        }
        return new LoadResult(options.label(), options.target().toString(), options.protocol().name().toLowerCase(),
                options.protocol() == Protocol.RAW ? "websocket" : options.transport().label(), startedAt.toString(),
                outcome, config, connections, setUp, steady, totals, server, generator, metrics.errorKinds(),
                metrics.errorSamples(), encode(latency));
    }

    private static Long rss(ServerProbe.HeapPoint point) {
        return point == null || point.rss() < 0 ? null : point.rss();
    }

    private static LoadResult.Latency latency(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new LoadResult.Latency(0, 0, 0, 0, 0, 0, 0);
        }
        return new LoadResult.Latency(h.getTotalCount(), h.getMean() / 1e6, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    private static String encode(Histogram h) {
        ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    /** {@code http→ws}, {@code https→wss} (or back); the path and query stay. */
    static URI withScheme(URI uri, boolean websocket) {
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase();
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        String wanted = websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
        return URI.create(wanted + uri.toString().substring(scheme.length()));
    }
}
