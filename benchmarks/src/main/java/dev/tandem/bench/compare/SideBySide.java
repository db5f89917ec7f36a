package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadGenerator;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Reports;
import dev.tandem.bench.load.TransportMode;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the same load against each target in turn — launch its JVM, run every rate level, stop it — and
 * computes the ratios. A target that cannot be had (no Tandem jar yet, a start failure) is reported
 * and the others still run.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static Mono<CompareResult> run(CompareOptions options, Consumer<String> log) {
        String startedAt = Instant.now().toString();
        return Flux.fromIterable(options.targets())
                .concatMap(target -> runTarget(target, options, log))
                .collectList()
                .map(targets -> new CompareResult(startedAt, options.jvmOptions(), options.rates(),
                        options.p99TargetMs(), targets, Ratios.compute(targets, options)));
    }

    private static Mono<CompareResult.TargetResult> runTarget(Target target, CompareOptions options,
                                                              Consumer<String> log) {
        if (target == Target.TANDEM && !Files.isRegularFile(options.tandemJar())) {
            String status = "not available: " + options.tandemJar() + " does not exist (build the server module)";
            log.accept("== " + target.id() + ": " + status);
            return Mono.just(new CompareResult.TargetResult(target.id(), status, null, List.of()));
        }
        Path logs = options.outputDir().resolve("logs");
        log.accept("== " + target.id() + ": starting its JVM " + options.jvmOptions());
        return ChildServer.launch(target, options.jvmOptions(), options.tandemJar(),
                        options.load().streamChannel(), logs, options.startTimeout())
                .flatMap(child -> prime(child, options, log)
                        .thenMany(Flux.fromIterable(options.rates()))
                        .concatMap(rate -> runLevel(child, rate, options, log))
                        .collectList()
                        .map(runs -> new CompareResult.TargetResult(target.id(), "ok", child.log.toString(), runs))
                        .flatMap(result -> child.stop().thenReturn(result))
                        .onErrorResume(e -> child.stop().then(Mono.error(e))))
                .onErrorResume(e -> {
                    log.accept("== " + target.id() + ": failed: " + e.getMessage());
                    return Mono.just(new CompareResult.TargetResult(target.id(), "failed: " + e.getMessage(),
                            logs.resolve(target.id() + "-server.log").toString(), List.of()));
                });
    }

    /**
     * One small unmeasured run first, so that class loading and the first JIT compilations in the server
     * do not count as the first level's memory per connection or latency.
     */
    private static Mono<Void> prime(ChildServer child, CompareOptions options, Consumer<String> log) {
        Target target = child.target;
        LoadOptions.Builder prime = options.load().toBuilder()
                .target(target.endpoint(child.port))
                .protocol(target.protocol())
                .metricsUri(null)
                .serverPid(0)
                .sessions(Math.min(10, options.load().sessions()))
                .rate(options.rates().get(0))
                .ramp(java.time.Duration.ZERO)
                .warmup(java.time.Duration.ZERO)
                .duration(java.time.Duration.ofSeconds(2))
                .progress(java.time.Duration.ZERO)
                .heapProbe(false)
                .label(target.id() + "-prime")
                .allowRemote(false);
        if (target == Target.RAW) {
            prime.transport(TransportMode.WEBSOCKET).controller(false);
        }
        log.accept("-- " + target.id() + ": priming run (not measured)");
        return LoadGenerator.run(prime.build(), line -> { })
                .onErrorResume(e -> {
                    log.accept("   priming failed: " + e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    private static Mono<LoadResult> runLevel(ChildServer child, double rate, CompareOptions options,
                                             Consumer<String> log) {
        Target target = child.target;
        String label = target.id() + "@" + format(rate);
        LoadOptions.Builder load = options.load().toBuilder()
                .target(target.endpoint(child.port))
                .protocol(target.protocol())
                .metricsUri(target.metrics(child.port))
                .serverPid(child.pid())
                .rate(rate)
                .label(label)
                .allowRemote(false);
        if (target == Target.RAW) {
            load.transport(TransportMode.WEBSOCKET).controller(false);
        }
        log.accept("-- " + label + ": " + options.load().sessions() + " sessions, " + format(rate) + " msg/s per master");
        return LoadGenerator.run(load.build(), line -> log.accept("   " + target.id() + " " + line))
                .doOnNext(result -> {
                    Reports.write(options.outputDir().resolve("runs"), label.replace('@', '-'), result,
                            Reports.markdown(result));
                    log.accept(String.format(Locale.ROOT, "   %s: out %.0f msg/s, p99 %.2f ms, errors %d",
                            label, result.steady().out().msgsPerSecond(), result.steady().latencyMs().p99(),
                            result.totals().errors()));
                })
                .onErrorResume(e -> {
                    log.accept("   " + label + " failed: " + e.getMessage());
                    return Mono.just(failed(label, target, e));
                });
    }

    private static LoadResult failed(String label, Target target, Throwable e) {
        return new LoadResult(label, target.id(), target.protocol().name().toLowerCase(), "", Instant.now().toString(),
                "failed: " + e.getMessage(), null, null, null, null, null, null, java.util.Map.of(), List.of(), null);
    }

    static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    /** Keeps only the runs that completed. */
    static List<LoadResult> completed(CompareResult.TargetResult target) {
        List<LoadResult> out = new ArrayList<>();
        for (LoadResult r : target.runs()) {
            if (r.ok()) {
                out.add(r);
            }
        }
        return out;
    }
}
