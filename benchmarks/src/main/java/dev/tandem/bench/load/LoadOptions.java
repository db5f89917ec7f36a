package dev.tandem.bench.load;

import dev.tandem.bench.BenchException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything one load run needs. Immutable; start from {@link #DEFAULT} or {@link #builder()}, change
 * with {@link #toBuilder()}. The command line maps one option to each field (see benchmarks/README.md).
 *
 * @param target          Bayeux endpoint ({@code http://…/cobrowse/cometd}; the WebSocket URL is derived)
 *                        or the raw relay's base ({@code ws://…/relay})
 * @param protocol        Bayeux or raw relay
 * @param transport       WebSocket, long-polling or a mix (Bayeux only)
 * @param websocketShare  in a mix, the share of peers on WebSocket (0..1)
 * @param sessions        co-browse sessions to open
 * @param agents          agents (role 2, slave) per session
 * @param controller      whether each session also gets a controller (role 3)
 * @param rate            page-stream messages per second per master
 * @param payloadBytes    filler bytes in each stream message's event
 * @param streamChannel   the Bayeux channel of the page stream ({@code /service/session/stream})
 * @param snapshotEvery   every how many batches a master starts a new baseline ({@code snapshot: true}), as a
 *                        page load does; 0 = only the first batch and when the server asks for a resync
 * @param concurrency     connects and session set-ups in flight at once
 * @param ramp            time over which session set-ups are spread; zero = as fast as concurrency allows
 * @param warmup          streaming time after set-up that is not measured
 * @param duration        the measured steady phase
 * @param maxDuration     hard limit of the whole run
 * @param progress        interval of the progress line; zero = silent
 * @param requestTimeout  how long a /service call waits for its reply
 * @param serverPid       pid of the server for /proc, jstat and jcmd; 0 = unknown
 * @param metricsUri      Prometheus endpoint; null = none (the CLI derives {@code /cobrowse/metrics})
 * @param heapProbe       whether to force GCs in the server to measure live heap
 * @param ioThreads       generator event loops
 * @param bindAddresses   local addresses the peers connect from, round-robin; empty = the system's choice
 * @param maxFrameBytes   largest inbound WebSocket message
 * @param compress        offer permessage-deflate on WebSockets
 * @param allowRemote     allow a non-loopback target
 * @param label           name of the run in reports
 * @param outputDir       where the CLI writes result.json and summary.md; null = nowhere
 */
public record LoadOptions(URI target, Protocol protocol, TransportMode transport, double websocketShare,
                          int sessions, int agents, boolean controller, double rate, int payloadBytes,
                          String streamChannel, int snapshotEvery, int concurrency, Duration ramp, Duration warmup, Duration duration,
                          Duration maxDuration, Duration progress, Duration requestTimeout, long serverPid,
                          URI metricsUri, boolean heapProbe, int ioThreads, List<String> bindAddresses, int maxFrameBytes,
                          boolean compress, boolean allowRemote, String label, Path outputDir) {

    public static final LoadOptions DEFAULT = new LoadOptions(
            URI.create("http://127.0.0.1:8700/cobrowse/cometd"), Protocol.BAYEUX, TransportMode.WEBSOCKET, 0.5,
            100, 1, false, 5, 1024, "/service/session/stream", 100, 64, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(30), 0, null, true,
            Runtime.getRuntime().availableProcessors(), List.of(), 4 * 1024 * 1024, false, false, "load", null);

    public LoadOptions {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(label, "label");
        bindAddresses = List.copyOf(bindAddresses);
        if (streamChannel == null || !streamChannel.startsWith("/service/")) {
            throw new BenchException("--stream-channel must be a /service/** channel, got " + streamChannel);
        }
        if (snapshotEvery < 0) {
            throw new BenchException("--snapshot-every must be 0 or more batches, got " + snapshotEvery);
        }
        positive(sessions, "sessions");
        positive(agents, "agents");
        positive(concurrency, "concurrency");
        positive(ioThreads, "io-threads");
        positive(maxFrameBytes, "max-frame");
        if (!(rate > 0)) {
            throw new BenchException("--rate must be above 0 messages per second per master, got " + rate);
        }
        if (payloadBytes < 0) {
            throw new BenchException("--payload-bytes must be 0 or more, got " + payloadBytes);
        }
        if (websocketShare < 0 || websocketShare > 1) {
            throw new BenchException("--ws-share must be between 0 and 1, got " + websocketShare);
        }
        for (Duration d : new Duration[] {ramp, warmup, duration, maxDuration, progress, requestTimeout}) {
            if (d == null || d.isNegative()) {
                throw new BenchException("Durations must be zero or positive");
            }
        }
        if (protocol == Protocol.RAW && transport != TransportMode.WEBSOCKET) {
            throw new BenchException("The raw relay speaks WebSocket only: drop --transport or use websocket");
        }
        if (protocol == Protocol.RAW && controller) {
            throw new BenchException("The raw relay has no controller role: drop --controller");
        }
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new BenchException("--" + name + " must be at least 1, got " + value);
        }
    }

    /** Peers per session: master, agents, controller. */
    public int peersPerSession() {
        return 1 + agents + (controller ? 1 : 0);
    }

    public static Builder builder() {
        return DEFAULT.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable companion of {@link LoadOptions}; {@link #build()} validates. */
    public static final class Builder {
        private URI target;
        private Protocol protocol;
        private TransportMode transport;
        private double websocketShare;
        private int sessions;
        private int agents;
        private boolean controller;
        private double rate;
        private int payloadBytes;
        private String streamChannel;
        private int snapshotEvery;
        private int concurrency;
        private Duration ramp;
        private Duration warmup;
        private Duration duration;
        private Duration maxDuration;
        private Duration progress;
        private Duration requestTimeout;
        private long serverPid;
        private URI metricsUri;
        private boolean heapProbe;
        private int ioThreads;
        private List<String> bindAddresses;
        private int maxFrameBytes;
        private boolean compress;
        private boolean allowRemote;
        private String label;
        private Path outputDir;

        private Builder(LoadOptions o) {
            target = o.target;
            protocol = o.protocol;
            transport = o.transport;
            websocketShare = o.websocketShare;
            sessions = o.sessions;
            agents = o.agents;
            controller = o.controller;
            rate = o.rate;
            payloadBytes = o.payloadBytes;
            streamChannel = o.streamChannel;
            snapshotEvery = o.snapshotEvery;
            concurrency = o.concurrency;
            ramp = o.ramp;
            warmup = o.warmup;
            duration = o.duration;
            maxDuration = o.maxDuration;
            progress = o.progress;
            requestTimeout = o.requestTimeout;
            serverPid = o.serverPid;
            metricsUri = o.metricsUri;
            heapProbe = o.heapProbe;
            ioThreads = o.ioThreads;
            bindAddresses = o.bindAddresses;
            maxFrameBytes = o.maxFrameBytes;
            compress = o.compress;
            allowRemote = o.allowRemote;
            label = o.label;
            outputDir = o.outputDir;
        }

        public Builder target(URI v) { target = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder transport(TransportMode v) { transport = v; return this; }
        public Builder websocketShare(double v) { websocketShare = v; return this; }
        public Builder sessions(int v) { sessions = v; return this; }
        public Builder agents(int v) { agents = v; return this; }
        public Builder controller(boolean v) { controller = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder payloadBytes(int v) { payloadBytes = v; return this; }
        public Builder streamChannel(String v) { streamChannel = v; return this; }
        public Builder snapshotEvery(int v) { snapshotEvery = v; return this; }
        public Builder concurrency(int v) { concurrency = v; return this; }
        public Builder ramp(Duration v) { ramp = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder maxDuration(Duration v) { maxDuration = v; return this; }
        public Builder progress(Duration v) { progress = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder serverPid(long v) { serverPid = v; return this; }
        public Builder metricsUri(URI v) { metricsUri = v; return this; }
        public Builder heapProbe(boolean v) { heapProbe = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder bindAddresses(List<String> v) { bindAddresses = v; return this; }
        public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
        public Builder compress(boolean v) { compress = v; return this; }
        public Builder allowRemote(boolean v) { allowRemote = v; return this; }
        public Builder label(String v) { label = v; return this; }
        public Builder outputDir(Path v) { outputDir = v; return this; }

        public LoadOptions build() {
            return new LoadOptions(target, protocol, transport, websocketShare, sessions, agents, controller, rate,
                    payloadBytes, streamChannel, snapshotEvery, concurrency, ramp, warmup, duration, maxDuration, progress, requestTimeout,
                    serverPid, metricsUri, heapProbe, ioThreads, bindAddresses, maxFrameBytes, compress, allowRemote, label,
                    outputDir);
        }
    }
}
