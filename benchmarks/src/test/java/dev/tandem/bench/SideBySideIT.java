package dev.tandem.bench;

import dev.tandem.bench.compare.CompareOptions;
import dev.tandem.bench.compare.CompareReport;
import dev.tandem.bench.compare.CompareResult;
import dev.tandem.bench.compare.SideBySide;
import dev.tandem.bench.compare.Target;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The side-by-side end to end with a tiny load: the CometD relay and the raw relay each in a child
 * JVM, Tandem "not available" (its jar path does not exist), ratios computed.
 */
class SideBySideIT {

    @Test
    void should_compare_the_relays_and_report_tandem_not_available_when_its_jar_is_missing(@TempDir Path dir) {
        LoadOptions load = LoadOptions.builder()
                .sessions(5)
                .agents(1)
                .payloadBytes(256)
                .ramp(Duration.ZERO)
                .warmup(Duration.ofMillis(500))
                .duration(Duration.ofSeconds(2))
                .maxDuration(Duration.ofSeconds(120))
                .progress(Duration.ZERO)
                .ioThreads(1)
                .build();
        CompareOptions options = new CompareOptions(load, List.of(Target.TANDEM, Target.COMETD, Target.RAW),
                List.of(20.0), List.of("-Xms64m", "-Xmx256m"), dir.resolve("no-such-tandem-server.jar"), 1000,
                Duration.ofSeconds(90), dir);

        CompareResult result = SideBySide.run(options, line -> { }).block(Duration.ofMinutes(5));

        assertThat(result).isNotNull();
        assertThat(result.targets()).extracting(CompareResult.TargetResult::target)
                .containsExactly("tandem", "cometd", "raw");
        assertThat(result.targets().get(0).status()).startsWith("not available");
        for (CompareResult.TargetResult target : result.targets().subList(1, 3)) {
            assertThat(target.status()).as(target.target()).isEqualTo("ok");
            LoadResult run = target.runs().get(0);
            assertThat(run.outcome()).as(target.target()).isEqualTo("ok");
            assertThat(run.steady().delivered()).as(target.target()).isPositive();
            assertThat(run.steady().latencyMs().count()).as(target.target()).isPositive();
            assertThat(run.server().cpuAvgCores()).as(target.target()).isGreaterThanOrEqualTo(0);
        }
        assertThat(result.ratios()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.a()).isEqualTo("cometd"));
        assertThat(result.ratios()).filteredOn(r -> r.metric().startsWith("p99 ms at"))
                .singleElement().satisfies(r -> assertThat(r.ratio()).isNotNull());
        assertThat(CompareReport.markdown(result, options)).contains("not available", "| ratio |");
        assertThat(dir.resolve("runs").resolve("cometd-20.json")).exists();
        assertThat(dir.resolve("logs").resolve("raw-server.log")).exists();
    }
}
