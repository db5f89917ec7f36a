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
 * @param load        the load every target gets (its target, pid, metrics, rate and label are replaced)
 * @param targets     which servers, in order
 * @param rates       per-master stream rates, one load level each (msgs/s per master)
 * @param jvmOptions  the same heap flags for every child JVM
 * @param tandemJar   Tandem's fat jar; if missing, Tandem is reported "not available"
 * @param p99TargetMs the latency bound for "throughput at equal p99"
 * @param startTimeout how long a child may take to accept connections
 * @param outputDir   where compare.json, compare.md, runs/ and logs/ go
 */
public record CompareOptions(LoadOptions load, List<Target> targets, List<Double> rates, List<String> jvmOptions,
                             Path tandemJar, double p99TargetMs, Duration startTimeout, Path outputDir) {

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:+AlwaysPreTouch");

    public CompareOptions {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(outputDir, "outputDir");
        targets = List.copyOf(targets);
        rates = List.copyOf(rates);
        jvmOptions = List.copyOf(jvmOptions);
        if (targets.isEmpty()) {
            throw new BenchException("--targets names no server: use tandem,cometd,raw");
        }
        if (rates.isEmpty() || rates.stream().anyMatch(r -> !(r > 0))) {
            throw new BenchException("--rates must list positive per-master rates, such as 5,20,50");
        }
        if (!(p99TargetMs > 0)) {
            throw new BenchException("--p99-target-ms must be above 0");
        }
    }
}
