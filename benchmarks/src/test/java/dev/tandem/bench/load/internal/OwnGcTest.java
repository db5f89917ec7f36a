package dev.tandem.bench.load.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnGcTest {

    @Test
    void should_name_the_collector_of_this_jvm() {
        assertThat(OwnGc.collector()).isIn("G1", "Serial", "Parallel", "ZGC", "Shenandoah");
    }

    @Test
    void should_count_a_collection_when_one_runs() {
        OwnGc.Totals before = OwnGc.now();

        System.gc();

        OwnGc.Totals after = OwnGc.now();
        assertThat(after.count()).isGreaterThan(before.count());
        assertThat(after.millis()).isGreaterThanOrEqualTo(before.millis());
    }
}
