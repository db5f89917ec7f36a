package dev.tandem.bench;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound lets the generator do on a non-blocking thread in these tests: HdrHistogram's
 * {@code Recorder.getIntervalHistogram} flips its phase and, while a writer (an event loop recording a latency) is
 * inside its few-instruction critical section, waits with {@code TimeUnit.NANOSECONDS.sleep}, a {@code Thread.sleep}.
 * The generator rolls its histograms on Reactor's timer threads; the wait is bounded by the writers' critical
 * sections, not by I/O.
 */
public final class HdrHistogramBlockHound implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.HdrHistogram.WriterReaderPhaser", "flipPhase");
    }
}
