package dev.tandem.bench.compare;

import dev.tandem.bench.load.LoadResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    @Test
    void should_sustain_a_level_when_everything_arrived_within_the_bound() {
        Verdict v = Verdict.of(Levels.run(10, 12, 1000, 1000, 0, 1), 50);

        assertThat(v.sustained()).isTrue();
        assertThat(v.complete()).isTrue();
        assertThat(v.generatorLimited()).isFalse();
    }

    @Test
    void should_not_sustain_but_keep_the_p99_when_latency_exceeds_the_bound() {
        Verdict v = Verdict.of(Levels.run(10, 80, 1000, 1000, 0, 1), 50);

        assertThat(v.sustained()).isFalse();
        assertThat(v.complete()).isTrue();
        assertThat(v.reason()).contains("p99 80.0 ms > 50 ms");
    }

    @Test
    void should_refuse_a_low_p99_when_messages_were_lost() {
        Verdict v = Verdict.of(Levels.run(10, 3, 900, 1000, 0, 1), 50);

        assertThat(v.sustained()).isFalse();
        assertThat(v.complete()).isFalse();
        assertThat(v.reason()).contains("delivered 90.0 %");
    }

    @Test
    void should_refuse_a_level_with_errors() {
        assertThat(Verdict.of(Levels.run(10, 3, 1000, 1000, 2, 1), 50).sustained()).isFalse();
    }

    @Test
    void should_flag_the_generator_when_masters_ticked_late() {
        Verdict v = Verdict.of(Levels.run(10, 70, 1000, 1000, 0, 25), 50);

        assertThat(v.generatorLimited()).isTrue();
        assertThat(v.reason()).contains("generator behind");
    }

    @Test
    void should_fail_a_run_that_did_not_complete() {
        LoadResult failed = LoadResult.failed("x", "t", "bayeux", "now", "failed: connection refused");

        Verdict v = Verdict.of(failed, 50);

        assertThat(v.sustained()).isFalse();
        assertThat(v.reason()).isEqualTo("failed: connection refused");
    }
}
