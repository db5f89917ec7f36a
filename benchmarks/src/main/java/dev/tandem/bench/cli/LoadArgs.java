package dev.tandem.bench.cli;

import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.Protocol;
import dev.tandem.bench.load.TransportMode;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Reads the load options shared by {@code load} and {@code compare}; the defaults are {@link LoadOptions#DEFAULT}. */
public final class LoadArgs {
    /** Options that take no value. */
    public static final String[] FLAGS = {"controller", "allow-remote", "no-heap-probe", "compress", "quiet", "help",
        "no-search"};

    private LoadArgs() {
    }

    /** {@code defaultLabel} names the run when --label is absent (null: by protocol). */
    public static LoadOptions.Builder read(Args args, String defaultLabel) {
        LoadOptions d = LoadOptions.DEFAULT;
        Protocol protocol = switch (args.string("protocol", "bayeux").toLowerCase()) {
            case "raw" -> Protocol.RAW;
            case "bayeux" -> Protocol.BAYEUX;
            default -> throw new dev.tandem.bench.BenchException("--protocol is bayeux or raw");
        };
        URI target = URI.create(args.string("target", protocol == Protocol.RAW ? "ws://127.0.0.1:8800/relay"
                : d.target().toString()));
        String metrics = args.string("metrics-url", "auto");
        URI metricsUri = switch (metrics) {
            case "none" -> null;
            case "auto" -> protocol == Protocol.RAW ? null : URI.create(
                    (target.getScheme().startsWith("ws") ? target.getScheme().replace("ws", "http") : target.getScheme())
                            + "://" + target.getAuthority() + "/cobrowse/metrics");
            default -> URI.create(metrics);
        };
        String label = args.string("label", defaultLabel != null ? defaultLabel
                : protocol == Protocol.RAW ? "raw" : "load");
        return d.toBuilder()
                .target(target)
                .protocol(protocol)
                .transport(TransportMode.parse(args.string("transport", d.transport().label())))
                .websocketShare(args.decimal("ws-share", d.websocketShare()))
                .sessions(args.integer("sessions", d.sessions()))
                .agents(args.integer("agents", d.agents()))
                .controller(args.flag("controller"))
                .rate(args.decimal("rate", d.rate()))
                .payloadBytes(args.size("payload-bytes", d.payloadBytes()))
                .streamChannel(args.string("stream-channel", d.streamChannel()))
                .snapshotEvery(args.integer("snapshot-every", d.snapshotEvery()))
                .concurrency(args.integer("concurrency", d.concurrency()))
                .ramp(args.duration("ramp", d.ramp()))
                .warmup(args.duration("warmup", d.warmup()))
                .duration(args.duration("duration", d.duration()))
                .maxDuration(args.duration("max-duration", d.maxDuration()))
                .progress(args.flag("quiet") ? java.time.Duration.ZERO : args.duration("progress", d.progress()))
                .requestTimeout(args.duration("request-timeout", d.requestTimeout()))
                .serverPid(args.longValue("server-pid", 0))
                .metricsUri(metricsUri)
                .heapProbe(!args.flag("no-heap-probe"))
                .ioThreads(args.integer("io-threads", d.ioThreads()))
                .bindAddresses(args.list("bind-addresses", d.bindAddresses()))
                .maxFrameBytes(args.size("max-frame", d.maxFrameBytes()))
                .compress(args.flag("compress"))
                .allowRemote(args.flag("allow-remote"))
                .label(label)
                .outputDir(Path.of(args.string("out", defaultOutput(label))));
    }

    public static String defaultOutput(String label) {
        return "bench-results/" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + label.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
