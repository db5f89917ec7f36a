package dev.tandem.bench.heap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistogramDiffTest {
    private static final String BEFORE = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1000          64000  [B (java.base@17.0.15)
               2:           100           2400  java.lang.String (java.base@17.0.15)
               3:            10            640  dev.tandem.bayeux.internal.WsLink
            Total          1110          67040
            """;
    private static final String AFTER = """
            12345:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:          1400          96000  [B (java.base@17.0.15)
               2:           100           2400  java.lang.String (java.base@17.0.15)
               3:           210          13440  dev.tandem.bayeux.internal.WsLink
               4:           200           9600  java.util.ArrayDeque (java.base@17.0.15)
            Total          1910         121440
            """;

    @Test
    void should_parse_rows_and_drop_module_suffixes() {
        Map<String, HistogramDiff.Entry> h = HistogramDiff.parse(BEFORE);
        assertThat(h).containsOnlyKeys("[B", "java.lang.String", "dev.tandem.bayeux.internal.WsLink");
        assertThat(h.get("[B")).isEqualTo(new HistogramDiff.Entry("[B", 1000, 64000));
    }

    @Test
    void should_list_changed_classes_largest_byte_change_first() {
        List<HistogramDiff.Delta> d = HistogramDiff.diff(HistogramDiff.parse(BEFORE), HistogramDiff.parse(AFTER));
        assertThat(d).containsExactly(
                new HistogramDiff.Delta("[B", 400, 32000),
                new HistogramDiff.Delta("dev.tandem.bayeux.internal.WsLink", 200, 12800),
                new HistogramDiff.Delta("java.util.ArrayDeque", 200, 9600));
    }

    @Test
    void should_give_bytes_per_unit_and_a_total_when_asked_per_connection() {
        String md = HistogramDiff.markdown(HistogramDiff.diff(HistogramDiff.parse(BEFORE), HistogramDiff.parse(AFTER)), 200, 2);
        assertThat(md).contains("| `[B` | 400 | 32000 | 2.00 | 160 |")
                .contains("| (1 other classes) | 200 | 9600 | 1.00 | 48 |")
                .contains("| **total** | 800 | 54400 | 4.00 | 272 |");
    }
}
