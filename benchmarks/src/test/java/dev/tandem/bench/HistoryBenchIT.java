package dev.tandem.bench;

import dev.tandem.bench.history.HistoryBench;
import dev.tandem.bench.history.HistoryBenchOptions;
import dev.tandem.bench.history.HistoryBenchResult;
import dev.tandem.bench.history.HistoryReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history-write benchmark end to end on a real Cassandra node (its own JVM, from cassandra-all in the
 * local Maven repository), two short low steps. Asserts that writes went through the store and were
 * acknowledged and measured, never how fast.
 */
class HistoryBenchIT {

    @Test
    void should_write_page_visits_through_the_store_and_measure_their_acknowledgement() {
        HistoryBenchOptions options = HistoryBenchOptions.DEFAULT.toBuilder()
                .rates(List.of(100.0, 200.0))
                .warmup(Duration.ofSeconds(2))
                .step(Duration.ofSeconds(3))
                .cassandraHeap("512M")
                .progress(Duration.ZERO)
                .build();

        HistoryBenchResult result = HistoryBench.run(options, line -> { }).block(Duration.ofMinutes(5));

        assertThat(result).isNotNull();
        assertThat(result.outcome()).isEqualTo("ok");
        assertThat(result.node().releaseVersion()).startsWith("5.0");
        assertThat(result.steps()).isNotEmpty();
        HistoryBenchResult.Step first = result.steps().get(0);
        assertThat(first.issued()).as("open loop: every write due in 3 s at 100/s").isEqualTo(300);
        assertThat(first.accepted() + first.rejected()).isEqualTo(first.issued());
        assertThat(first.written()).isPositive();
        assertThat(first.latencyMs().count()).isPositive().isLessThanOrEqualTo(first.accepted());
        assertThat(first.latencyMs().max()).isPositive();
        assertThat(first.cassandraCpuCores()).isPositive();
        assertThat(HistoryReport.markdown(result)).contains("| offered writes/s |", "Cassandra 5.0");
        assertThat(Path.of(result.node().dataDir())).as("the temporary data directory is removed").doesNotExist();
    }
}
