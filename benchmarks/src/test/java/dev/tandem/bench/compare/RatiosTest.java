package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RatiosTest {
    private final CompareOptions options = new CompareOptions(LoadOptions.DEFAULT, List.of(Target.TANDEM, Target.COMETD),
            List.of(5.0, 20.0), RateSearch.DEFAULT, Duration.ofSeconds(10), List.of(), Path.of("x.jar"), 50, null,
            Duration.ofSeconds(10), CompareOptions.DEFAULT_PRIME_ROUNDS, Path.of("out"));

    private static CompareResult.TargetResult target(String id, CompareResult.Level... levels) {
        List<CompareResult.Level> list = List.of(levels);
        return new CompareResult.TargetResult(id, "ok", null, list, SideBySide.best(list));
    }

    @Test
    void should_compare_the_highest_sustained_throughput_not_the_highest_measured() {
        CompareResult.TargetResult a = target("tandem",
                Levels.level(5, false, Levels.run(5, 2, 500, 500, 0, 1)),
                Levels.level(20, false, Levels.run(20, 4, 2000, 2000, 0, 1)),
                Levels.level(40, true, Levels.run(40, 9, 4000, 4000, 0, 1)),
                Levels.level(80, true, Levels.run(80, 400, 8000, 8000, 0, 1)));
        CompareResult.TargetResult b = target("cometd",
                Levels.level(5, false, Levels.run(5, 3, 500, 500, 0, 1)),
                Levels.level(20, false, Levels.run(20, 2, 1500, 2000, 0, 1)), // lost a quarter: not sustained
                Levels.level(10, true, Levels.run(10, 6, 1000, 1000, 0, 1)),
                Levels.level(14, true, Levels.run(14, 70, 1400, 1400, 0, 1)));

        List<CompareResult.Ratio> ratios = Ratios.compute(List.of(a, b), options);

        CompareResult.Ratio throughput = ratios.stream().filter(r -> r.metric().startsWith("max delivered"))
                .findFirst().orElseThrow();
        assertThat(throughput.valueA()).isEqualTo(400.0);
        assertThat(throughput.valueB()).isEqualTo(100.0);
        assertThat(throughput.ratio()).isEqualTo(4.0);
        assertThat(throughput.note()).isNull();
        CompareResult.Ratio p99At20 = ratios.stream().filter(r -> r.metric().startsWith("p99 ms at 20 "))
                .findFirst().orElseThrow();
        assertThat(p99At20.ratio()).isNull();
        assertThat(p99At20.note()).contains("cometd: incomplete: delivered 75.0 %");
        CompareResult.Ratio p99At5 = ratios.stream().filter(r -> r.metric().startsWith("p99 ms at 5 "))
                .findFirst().orElseThrow();
        assertThat(p99At5.ratio()).isEqualTo(2.0 / 3.0);
    }

    @Test
    void should_mark_the_maximum_a_lower_bound_when_the_generator_failed_first() {
        List<CompareResult.Level> levels = List.of(
                Levels.level(5, false, Levels.run(5, 2, 500, 500, 0, 1)),
                Levels.level(10, true, Levels.run(10, 90, 1000, 1000, 0, 30)));

        CompareResult.Best best = SideBySide.best(levels);

        assertThat(best.rate()).isEqualTo(5.0);
        assertThat(best.failedRate()).isEqualTo(10.0);
        assertThat(best.lowerBound()).isTrue();
    }

    @Test
    void should_report_no_throughput_when_no_level_was_sustained() {
        CompareResult.TargetResult a = target("tandem", Levels.level(5, false, Levels.run(5, 2, 0, 500, 3, 1)));
        CompareResult.TargetResult b = target("cometd", Levels.level(5, false, Levels.run(5, 2, 500, 500, 0, 1)));

        CompareResult.Ratio throughput = Ratios.compute(List.of(a, b), options).get(0);

        assertThat(throughput.valueA()).isNull();
        assertThat(throughput.ratio()).isNull();
        assertThat(throughput.note()).isEqualTo("tandem: no level sustained; cometd: lower bound");
    }
}
