package dev.tandem.bench;

import dev.tandem.bench.compare.CompareOptions;
import dev.tandem.bench.compare.CompareReport;
import dev.tandem.bench.compare.CompareResult;
import dev.tandem.bench.compare.RateSearch;
import dev.tandem.bench.compare.SideBySide;
import dev.tandem.bench.compare.Target;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The side-by-side end to end with a tiny load: the CometD relay and the raw relay each in a child
 * JVM, one fixed level and one search level each, Tandem "not available" (its jar path does not
 * exist), ratios computed. Asserts what flowed and was measured, never how fast.
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
        RateSearch oneStep = new RateSearch(true, 2, 1.25, 1, 2000, 0.05, 0);
        CompareOptions options = new CompareOptions(load, List.of(Target.TANDEM, Target.COMETD, Target.RAW),
                List.of(20.0), oneStep, Duration.ofSeconds(2), List.of("-Xms256m", "-Xmx256m"),
                dir.resolve("no-such-tandem-server.jar"), 1000, null, Duration.ofSeconds(90), 2, dir);

        List<String> log = new CopyOnWriteArrayList<>();
        CompareResult result = SideBySide.run(options, log::add).block(Duration.ofMinutes(5));

        assertThat(result).isNotNull();
        assertThat(result.targets()).extracting(CompareResult.TargetResult::target)
                .containsExactly("tandem", "cometd", "raw");
        assertThat(result.targets().get(0).status()).startsWith("not available");
        for (CompareResult.TargetResult target : result.targets().subList(1, 3)) {
            assertThat(target.status()).as(target.target()).isEqualTo("ok");
            assertThat(target.levels()).as(target.target()).extracting(CompareResult.Level::search)
                    .containsExactly(false, true);
            assertThat(target.levels().get(1).rate()).as("the search steps up from a sustained 20").isEqualTo(40.0);
            LoadResult run = target.levels().get(0).run();
            assertThat(run.outcome()).as(target.target()).isEqualTo("ok");
            assertThat(run.steady().delivered()).as(target.target()).isPositive();
            assertThat(run.steady().latencyMs().count()).as(target.target()).isPositive();
            assertThat(run.server().cpuAvgCores()).as(target.target()).isGreaterThanOrEqualTo(0);
            assertThat(run.server().liveHeapBaselineBytes()).as(target.target() + " live heap").isPositive();
            assertThat(run.server().liveHeapIdleBytes()).as(target.target() + " live heap").isPositive();
            assertThat(run.server().rssIdleBytes()).as(target.target() + " RSS").isPositive();
            LoadResult search = target.levels().get(1).run();
            // A failed level has no server figures: say why it failed (its generator error, or the server exiting).
            assertThat(search.server()).as(target.target() + " search level: " + search.outcome()).isNotNull();
            assertThat(search.server().liveHeapIdleBytes()).as("no heap probe when searching").isNull();
            assertThat(target.best().rate()).as(target.target()).isNotNull();
        }
        assertThat(log).as("two priming rounds per target that ran, the second of the full session count")
                .contains("-- cometd: priming run 1/2, 5 sessions (not measured)",
                        "-- cometd: priming run 2/2, 5 sessions (not measured)",
                        "-- raw: priming run 2/2, 5 sessions (not measured)");
        assertThat(result.ratios()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.a()).isEqualTo("cometd"));
        assertThat(result.ratios()).filteredOn(r -> r.metric().startsWith("p99 ms at"))
                .singleElement().satisfies(r -> assertThat(r.ratio()).isNotNull());
        assertThat(result.ratios()).filteredOn(r -> r.metric().startsWith("max delivered"))
                .singleElement().satisfies(r -> assertThat(r.ratio()).isNotNull());
        assertThat(CompareReport.markdown(result, options)).contains("not available", "| ratio |");
        assertThat(dir.resolve("runs").resolve("cometd-20.json")).exists();
        assertThat(dir.resolve("logs").resolve("raw-server.log")).exists();
    }
}
