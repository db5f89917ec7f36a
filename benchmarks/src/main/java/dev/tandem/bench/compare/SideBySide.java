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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the same load against each target in turn — launch its JVM, a small unmeasured priming run, every
 * fixed rate, then the rate search, stop it — and computes the ratios. A target that cannot be had (no
 * Tandem jar yet, a start failure) is reported and the others still run.
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
            String status = "not available: " + options.tandemJar() + " does not exist (build it: mvn -q -DskipTests"
                    + " package, or pass --tandem-jar)";
            log.accept("== " + target.id() + ": " + status);
            return Mono.just(new CompareResult.TargetResult(target.id(), status, null, List.of(), CompareResult.Best.NONE));
        }
        Path logs = options.outputDir().resolve("logs");
        log.accept("== " + target.id() + ": starting its JVM " + options.jvmOptions());
        return ChildServer.launch(target, options.jvmOptions(), options.tandemJar(),
                        options.load().streamChannel(), options.serverCpus(), logs, options.startTimeout())
                .flatMap(child -> {
                    log.accept("   " + target.id() + " runs as pid " + child.pid() + " on port " + child.port);
                    return prime(child, options, log)
                            .thenMany(Flux.fromIterable(options.rates()))
                            .concatMap(rate -> runLevel(child, rate, false, options, log))
                            .collectList()
                            .flatMap(fixed -> search(child, fixed, options, log))
                            .map(levels -> new CompareResult.TargetResult(target.id(), "ok", child.log.toString(),
                                    levels, best(levels)))
                            .flatMap(result -> child.stop().thenReturn(result))
                            .onErrorResume(e -> child.stop().then(Mono.error(e)));
                })
                .onErrorResume(e -> {
                    log.accept("== " + target.id() + ": failed: " + e.getMessage());
                    return Mono.just(new CompareResult.TargetResult(target.id(), "failed: " + e.getMessage(),
                            logs.resolve(target.id() + "-server.log").toString(), List.of(), CompareResult.Best.NONE));
                });
    }

    /** Runs search levels one after the other until {@link RateSearch#next} has no rate left. */
    private static Mono<List<CompareResult.Level>> search(ChildServer child, List<CompareResult.Level> levels,
                                                          CompareOptions options, Consumer<String> log) {
        List<RateSearch.Tried> tried = levels.stream()
                .map(l -> new RateSearch.Tried(l.rate(), l.verdict().sustained(), l.search(),
                        l.verdict().generatorLimited())).toList();
        OptionalDouble next = options.search().next(tried);
        boolean broken = levels.stream().anyMatch(l -> !l.run().ok()); // not a matter of load: do not step down
        if (next.isEmpty() || broken || !child.process.isAlive()) {
            if (broken && next.isPresent()) {
                log.accept("   " + child.target.id() + ": no rate search, a run failed outright");
            }
            return Mono.just(levels);
        }
        return runLevel(child, next.getAsDouble(), true, options, log).flatMap(level -> {
            List<CompareResult.Level> more = new ArrayList<>(levels);
            more.add(level);
            return search(child, more, options, log);
        });
    }

    /**
     * The highest sustained level, and the lowest failure above it (a rate where no attempt was sustained;
     * of several attempts there, the last).
     */
    static CompareResult.Best best(List<CompareResult.Level> levels) {
        CompareResult.Level top = levels.stream().filter(l -> l.verdict().sustained())
                .max(Comparator.comparingDouble(CompareResult.Level::rate)).orElse(null);
        double floor = top == null ? Double.NEGATIVE_INFINITY : top.rate();
        Set<Double> sustainedRates = new HashSet<>();
        levels.stream().filter(l -> l.verdict().sustained()).forEach(l -> sustainedRates.add(l.rate()));
        CompareResult.Level failed = null;
        for (CompareResult.Level l : levels) {
            if (l.rate() > floor && !sustainedRates.contains(l.rate())
                    && (failed == null || l.rate() <= failed.rate())) {
                failed = l;
            }
        }
        if (top == null) {
            return new CompareResult.Best(null, null, null, failed == null ? null : failed.rate(),
                    failed == null ? null : failed.verdict().shortReason(), false);
        }
        boolean lowerBound = failed == null || failed.verdict().generatorLimited();
        return new CompareResult.Best(top.rate(), top.run().steady().out().msgsPerSecond(),
                top.run().steady().latencyMs().p99(), failed == null ? null : failed.rate(),
                failed == null ? null : failed.verdict().shortReason(), lowerBound);
    }

    /**
     * Unmeasured runs first, the same for every target: one of up to 200 sessions for 5 s (class loading, the
     * first compilations), then {@code primeRounds - 1} of the load's full session count with 3 s of stream each.
     * Set-up code runs a few times per session, so a fresh server — and this generator, which the first target
     * would otherwise meet cold — spends a 2,000-session set-up mostly in the JIT compiler (half its CPU, measured
     * 2026-12-02); after the rounds a fixed level's set-up rate is a warm server's, as in service.
     */
    private static Mono<Void> prime(ChildServer child, CompareOptions options, Consumer<String> log) {
        if (options.primeRounds() == 0) {
            return Mono.empty();
        }
        return Flux.range(1, options.primeRounds())
                .concatMap(round -> primeRound(child, round, options, log))
                .then();
    }

    private static Mono<Void> primeRound(ChildServer child, int round, CompareOptions options, Consumer<String> log) {
        Target target = child.target;
        boolean first = round == 1;
        int sessions = first ? Math.min(200, options.load().sessions()) : options.load().sessions();
        LoadOptions.Builder prime = options.load().toBuilder()
                .target(target.endpoint(child.port))
                .protocol(target.protocol())
                .metricsUri(null)
                .serverPid(0)
                .sessions(sessions)
                .rate(options.rates().get(0))
                .ramp(Duration.ZERO)
                .warmup(Duration.ZERO)
                .duration(Duration.ofSeconds(first ? 5 : 3))
                .progress(Duration.ZERO)
                .heapProbe(false)
                .label(target.id() + "-prime-" + round)
                .allowRemote(false);
        if (target == Target.RAW) {
            prime.transport(TransportMode.WEBSOCKET).controller(false);
        }
        log.accept("-- " + target.id() + ": priming run " + round + "/" + options.primeRounds() + ", " + sessions
                + " sessions (not measured)");
        return LoadGenerator.run(prime.build(), line -> { })
                .doOnNext(r -> {
                    if (!r.ok()) {
                        log.accept("   priming: " + r.outcome());
                    } else if (r.setup() != null && !"raw".equals(r.protocol())) {
                        log.accept(String.format(Locale.ROOT, "   priming %d: set-up %.0f sessions/s", round,
                                r.setup().sessionsPerSecond()));
                    }
                })
                .onErrorResume(e -> {
                    log.accept("   priming failed: " + e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    /**
     * One load level. Every target is watched the same way — {@code /proc/<pid>} for CPU and RSS,
     * {@code jstat} for heap in use, {@code jcmd GC.class_histogram} for live heap — and none is scraped
     * over HTTP, so that no server pays for being measured more than another. Live heap (three full GCs)
     * is measured on fixed levels only.
     */
    private static Mono<CompareResult.Level> runLevel(ChildServer child, double rate, boolean search,
                                                      CompareOptions options, Consumer<String> log) {
        Target target = child.target;
        String label = target.id() + "@" + format(rate);
        if (!child.process.isAlive()) {
            LoadResult dead = LoadResult.failed(label, target.id(), target.protocol().name().toLowerCase(),
                    Instant.now().toString(), "failed: the server exited with code " + child.process.exitValue()
                            + "; see " + child.log);
            return Mono.just(new CompareResult.Level(rate, search, dead, Verdict.of(dead, options.p99TargetMs())));
        }
        LoadOptions.Builder load = options.load().toBuilder()
                .target(target.endpoint(child.port))
                .protocol(target.protocol())
                .metricsUri(null)
                .serverPid(child.pid())
                .rate(rate)
                .label(label)
                .allowRemote(false);
        if (search) {
            load.heapProbe(false).duration(options.searchDuration());
        }
        if (target == Target.RAW) {
            load.transport(TransportMode.WEBSOCKET).controller(false);
        }
        log.accept("-- " + label + (search ? " (search)" : "") + ": " + options.load().sessions() + " sessions, "
                + format(rate) + " msg/s per master");
        return LoadGenerator.run(load.build(), line -> log.accept("   " + target.id() + " " + line))
                .onErrorResume(e -> Mono.just(LoadResult.failed(label, target.id(),
                        target.protocol().name().toLowerCase(), Instant.now().toString(), "failed: " + e.getMessage())))
                .map(result -> {
                    Verdict verdict = Verdict.of(result, options.p99TargetMs());
                    Reports.write(options.outputDir().resolve("runs"), label.replace('@', '-'), result,
                            result.ok() ? Reports.markdown(result) : result.outcome() + "\n");
                    if (result.ok()) {
                        log.accept(String.format(Locale.ROOT, "   %s: delivered %.0f msg/s, p99 %.2f ms, errors %d — %s",
                                label, result.steady().out().msgsPerSecond(), result.steady().latencyMs().p99(),
                                result.totals().errors(), verdict.reason()));
                    } else {
                        log.accept("   " + label + ": " + result.outcome());
                    }
                    return new CompareResult.Level(rate, search, result, verdict);
                });
    }

    static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%s",
                RateSearch.round(rate));
    }
}
