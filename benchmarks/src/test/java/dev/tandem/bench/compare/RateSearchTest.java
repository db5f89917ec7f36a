package dev.tandem.bench.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

import static org.assertj.core.api.Assertions.assertThat;

class RateSearchTest {
    private final RateSearch search = new RateSearch(true, 2, 1.25, 10, 2000, 0.05, 1);

    /** Runs the search against a server that sustains exactly the rates {@code sustains} accepts. */
    private List<RateSearch.Tried> explore(List<Double> fixed, DoublePredicate sustains) {
        List<RateSearch.Tried> tried = new ArrayList<>();
        for (double rate : fixed) {
            tried.add(new RateSearch.Tried(rate, sustains.test(rate), false));
        }
        for (OptionalDouble next = search.next(tried); next.isPresent(); next = search.next(tried)) {
            double rate = next.getAsDouble();
            tried.add(new RateSearch.Tried(rate, sustains.test(rate), true));
        }
        return tried;
    }

    @Test
    void should_step_up_then_bisect_until_the_bracket_is_tight() {
        List<RateSearch.Tried> tried = explore(List.of(5.0, 20.0), rate -> rate <= 100);

        assertThat(tried).extracting(RateSearch.Tried::rate).containsExactly(5.0, 20.0, 40.0, 80.0, 160.0, 113.0, 95.1);
        double lo = tried.stream().filter(RateSearch.Tried::sustained).mapToDouble(RateSearch.Tried::rate).max()
                .orElseThrow();
        assertThat(lo).isEqualTo(95.1);
    }

    @Test
    void should_step_down_when_even_the_lowest_fixed_rate_fails() {
        List<RateSearch.Tried> tried = explore(List.of(5.0), rate -> rate <= 1);

        assertThat(tried).extracting(RateSearch.Tried::rate).startsWith(5.0, 2.5, 1.25, 0.625);
        assertThat(tried.stream().anyMatch(RateSearch.Tried::sustained)).isTrue();
    }

    @Test
    void should_stop_at_the_highest_rate_allowed_when_everything_is_sustained() {
        List<RateSearch.Tried> tried = explore(List.of(500.0), rate -> true);

        assertThat(tried).extracting(RateSearch.Tried::rate).containsExactly(500.0, 1000.0, 2000.0);
    }

    @Test
    void should_try_a_failed_rate_once_more_when_the_generator_was_behind() {
        List<RateSearch.Tried> tried = new ArrayList<>(List.of(new RateSearch.Tried(5, true, false, false),
                new RateSearch.Tried(20, false, false, true)));

        assertThat(search.next(tried)).hasValue(20.0);
        tried.add(new RateSearch.Tried(20, true, true, false)); // sustained this time
        assertThat(search.next(tried)).hasValue(40.0);
        tried.add(new RateSearch.Tried(40, false, true, true));
        assertThat(search.next(tried)).hasValue(40.0);
        tried.add(new RateSearch.Tried(40, false, true, true)); // behind again: it counts now
        assertThat(search.next(tried)).hasValue(28.3);
    }

    @Test
    void should_run_only_the_fixed_levels_when_disabled() {
        RateSearch off = new RateSearch(false, 2, 1.25, 10, 2000, 0.05, 1);

        assertThat(off.next(List.of(new RateSearch.Tried(5, true, false)))).isEmpty();
    }

    @Test
    void should_stop_after_the_most_levels_allowed() {
        RateSearch short3 = new RateSearch(true, 1.1, 1.01, 3, 2000, 0.05, 1);
        List<RateSearch.Tried> tried = new ArrayList<>(List.of(new RateSearch.Tried(1, true, false)));
        for (OptionalDouble next = short3.next(tried); next.isPresent(); next = short3.next(tried)) {
            tried.add(new RateSearch.Tried(next.getAsDouble(), true, true));
        }

        assertThat(tried).hasSize(4);
    }
}
