package dev.tandem.bench.compare;

import dev.tandem.bench.BenchException;
import dev.tandem.bench.load.LoadOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The side-by-side's options.
 *
 * @param load           the load every target gets (its target, pid, metrics, rate and label are replaced)
 * @param targets        which servers, in order
 * @param rates          per-master stream rates run on every target (msgs/s per master): "p99 at equal
 *                       load", memory, set-up rate and CPU come from these
 * @param search         how the highest sustained rate is searched after the fixed rates
 * @param searchDuration the steady phase of a search level
 * @param jvmOptions     the same heap flags for every child JVM
 * @param tandemJar      Tandem's fat jar; if missing, Tandem is reported "not available"
 * @param p99TargetMs    the latency bound of "throughput at equal p99"
 * @param serverCpus     CPUs the child JVMs are pinned to ({@code taskset -c}, e.g. {@code 1}); null = not pinned
 * @param startTimeout   how long a child may take to accept connections
 * @param primeRounds    unmeasured runs before a target's first level: the first of up to 200 sessions, the
 *                       others of {@code load.sessions()} (so that set-up is measured on compiled code); 0 = none
 * @param outputDir      where compare.json, compare.md, runs/ and logs/ go
 */
public record CompareOptions(LoadOptions load, List<Target> targets, List<Double> rates, RateSearch search,
                             Duration searchDuration, List<String> jvmOptions, Path tandemJar, double p99TargetMs,
                             String serverCpus, Duration startTimeout, int primeRounds, Path outputDir) {

    /**
     * Every server's JVM flags unless given: a fixed 1 GiB heap, resident from the start, and G1 tenuring what
     * survived two young collections (what docs/operations.md advises for a Tandem node: a node's connections and
     * sessions live long, and G1 would otherwise copy them up to 15 times) — the same for all three servers.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:+AlwaysPreTouch", "-XX:MaxTenuringThreshold=2");

    /** Priming runs unless given: one small, two of the full session count. */
    public static final int DEFAULT_PRIME_ROUNDS = 3;

    public CompareOptions {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(searchDuration, "searchDuration");
        Objects.requireNonNull(outputDir, "outputDir");
        targets = List.copyOf(targets);
        rates = rates.stream().sorted().distinct().toList();
        jvmOptions = List.copyOf(jvmOptions);
        if (targets.isEmpty()) {
            throw new BenchException("--targets names no server: use tandem,cometd,raw");
        }
        if (targets.stream().distinct().count() != targets.size()) {
            throw new BenchException("--targets names a server twice: " + targets);
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new BenchException("--rates must list positive per-master rates, such as 5,20,50");
        }
        if (!(p99TargetMs > 0)) {
            throw new BenchException("--p99-target-ms must be above 0");
        }
        if (serverCpus != null && !serverCpus.matches("[0-9]+([-,][0-9]+)*")) {
            throw new BenchException("--server-cpus is a CPU list such as 1 or 1-3 or 2,3; got '" + serverCpus + "'");
        }
        if (primeRounds < 0) {
            throw new BenchException("--prime-rounds must be 0 or more, got " + primeRounds);
        }
        if (searchDuration.isNegative() || searchDuration.isZero()) {
            throw new BenchException("--search-duration must be positive");
        }
    }
}
