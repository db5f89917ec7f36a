package dev.tandem.bench.compare;

import dev.tandem.bench.BenchException;

import java.util.List;
import java.util.OptionalDouble;

/**
 * Finds the highest per-master rate a target sustains (see {@link Verdict}) by stepping: from the best
 * sustained level so far, multiply the rate by {@code factor} until a level fails; if even the lowest
 * fails, divide; once a sustained rate {@code lo} and a failed rate {@code hi} above it are known, try
 * their geometric middle until {@code hi / lo ≤ precision}. A rate counts as sustained when any attempt at
 * it was; a failure at which the generator itself was behind (on a shared machine: CPU starvation, often
 * not the server's doing) is tried again up to {@code retries} times before it counts. Pure: given the
 * levels run so far, it names the next rate or none.
 *
 * @param enabled   whether {@code compare} searches at all (else only the fixed {@code --rates})
 * @param factor    step between levels while no bound is known (&gt; 1)
 * @param precision stop once the failed rate is within this factor of the sustained one (&gt; 1)
 * @param maxLevels most search levels per target (on top of the fixed ones)
 * @param maxRate   highest per-master rate tried
 * @param minRate   lowest per-master rate tried
 * @param retries   extra attempts at a rate whose failures all had the generator behind
 */
public record RateSearch(boolean enabled, double factor, double precision, int maxLevels, double maxRate,
                         double minRate, int retries) {

    public static final RateSearch DEFAULT = new RateSearch(true, 2, 1.25, 8, 2000, 0.05, 1);

    public RateSearch {
        if (!(factor > 1)) {
            throw new BenchException("--search-factor must be above 1, got " + factor);
        }
        if (!(precision > 1)) {
            throw new BenchException("--search-precision must be above 1, got " + precision);
        }
        if (maxLevels < 0) {
            throw new BenchException("--search-max-levels must be 0 or more, got " + maxLevels);
        }
        if (retries < 0) {
            throw new BenchException("--search-retries must be 0 or more, got " + retries);
        }
        if (!(maxRate > 0) || !(minRate > 0) || minRate > maxRate) {
            throw new BenchException("--search-max-rate must be positive and above the lowest rate");
        }
    }

    /**
     * One level already run: its rate, whether it was sustained, whether it was a search level, whether
     * the generator was behind.
     */
    public record Tried(double rate, boolean sustained, boolean search, boolean generatorLimited) {
        public Tried(double rate, boolean sustained, boolean search) {
            this(rate, sustained, search, false);
        }
    }

    /** Whether some attempt at {@code rate} was sustained. */
    static boolean sustainedAt(List<Tried> tried, double rate) {
        return tried.stream().anyMatch(t -> t.rate() == rate && t.sustained());
    }

    /** The next rate to try, or empty when the search is done. */
    public OptionalDouble next(List<Tried> tried) {
        if (!enabled || tried.isEmpty() || tried.stream().filter(Tried::search).count() >= maxLevels) {
            return OptionalDouble.empty();
        }
        double lo = tried.stream().filter(Tried::sustained).mapToDouble(Tried::rate).max().orElse(Double.NaN);
        double hi = tried.stream().filter(t -> !sustainedAt(tried, t.rate()) && (Double.isNaN(lo) || t.rate() > lo))
                .mapToDouble(Tried::rate).min().orElse(Double.NaN);
        if (!Double.isNaN(hi)) {
            List<Tried> atHi = tried.stream().filter(t -> t.rate() == hi).toList();
            if (atHi.size() <= retries && atHi.stream().allMatch(Tried::generatorLimited)) {
                return OptionalDouble.of(hi); // the failure may be the machine's: once more before it counts
            }
        }
        double candidate;
        if (Double.isNaN(lo)) {
            candidate = hi / factor;
            if (candidate < minRate) {
                return OptionalDouble.empty();
            }
        } else if (Double.isNaN(hi)) {
            if (lo >= maxRate) {
                return OptionalDouble.empty();
            }
            candidate = Math.min(maxRate, lo * factor);
        } else {
            if (hi / lo <= precision) {
                return OptionalDouble.empty();
            }
            candidate = Math.sqrt(lo * hi);
        }
        double rounded = round(candidate);
        boolean seen = tried.stream().anyMatch(t -> t.rate() == rounded);
        return seen ? OptionalDouble.empty() : OptionalDouble.of(rounded);
    }

    /** Three significant digits, so that rates read well in reports. */
    static double round(double rate) {
        if (rate <= 0) {
            return rate;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(rate)));
        return Math.round(rate * scale) / scale;
    }
}
