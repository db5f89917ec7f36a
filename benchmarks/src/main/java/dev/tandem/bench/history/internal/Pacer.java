package dev.tandem.bench.history.internal;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * Open-loop pacing: write {@code i} of a step is due at {@code start + i / rate}, whatever happened to the
 * earlier ones; every millisecond, one thread issues every write that has come due. The writes therefore
 * keep their schedule when the store is slow, and a slow store shows as latency and backlog, not as a
 * lower offered rate.
 */
public final class Pacer {
    private static final long TICK_MICROS = 1000;

    /** What one step issued. */
    public record Issued(long issued, long accepted, long rejected, long backlogMax) {
    }

    private Pacer() {
    }

    /**
     * Issues writes at {@code ratePerSecond} from {@code startNanos} until {@code endNanos} on
     * {@code scheduler}. {@code write} gets each write's intended time and says whether the store accepted
     * it; {@code backlog} is sampled every tick.
     */
    public static Mono<Issued> run(Scheduler scheduler, double ratePerSecond, long startNanos, long endNanos,
                                   LongPredicate write, LongSupplier backlog) {
        double period = 1e9 / ratePerSecond;
        return Mono.create(sink -> {
            long[] counts = new long[4]; // issued, accepted, rejected, backlog max — only the tick thread writes
            Disposable.Swap ticker = Disposables.swap(); // disposing it first also stops a ticker set later
            Runnable tick = () -> {
                long now = System.nanoTime();
                for (;;) {
                    long due = startNanos + (long) (counts[0] * period);
                    if (due >= endNanos) {
                        ticker.dispose();
                        sink.success(new Issued(counts[0], counts[1], counts[2], counts[3]));
                        return;
                    }
                    if (due > now) {
                        break;
                    }
                    counts[0]++;
                    if (write.test(due)) {
                        counts[1]++;
                    } else {
                        counts[2]++;
                    }
                }
                counts[3] = Math.max(counts[3], backlog.getAsLong());
            };
            long delay = Math.max(0, TimeUnit.NANOSECONDS.toMicros(startNanos - System.nanoTime()));
            sink.onDispose(ticker);
            ticker.update(scheduler.schedulePeriodically(tick, delay, TICK_MICROS, TimeUnit.MICROSECONDS));
        });
    }
}
