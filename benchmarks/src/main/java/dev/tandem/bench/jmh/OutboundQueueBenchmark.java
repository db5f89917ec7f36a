package dev.tandem.bench.jmh;

import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.internal.BenchmarkSupport;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A client's outbound queue (transport-bayeux's {@code OutboundQueue}, through {@link BenchmarkSupport}), with
 * the server's default bounds: {@code burst} messages of 1 KiB offered, then drained as a WebSocket link drains
 * it (up to {@code maxBatchMessages} per frame), or, in ack mode, taken as batches and acknowledged. Time is
 * per burst (divide by {@code burst} for a message). A burst of 1 is the live case: the queue goes from empty
 * to empty for every message (its deques are made and dropped each time).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class OutboundQueueBenchmark {
    @Param({"1", "10", "100"})
    public int burst;

    private BenchmarkSupport.Queue queue;
    private BenchmarkSupport.Message message;
    private int maxBatch;
    private long maxBytes;

    @Setup(Level.Trial)
    public void setUp() {
        BayeuxOptions options = BayeuxOptions.DEFAULT;
        queue = BenchmarkSupport.queue(options);
        maxBatch = options.maxBatchMessages();
        maxBytes = options.maxLargeMessageBytes();
        String json = "{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":1,\"events\":[{\"type\":5,"
                + "\"data\":{\"payload\":\"" + "x".repeat(1024) + "\"}}]}}";
        message = BenchmarkSupport.Message.of("/service/session/stream", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Offer {@code burst} messages, then drain them in frames. */
    @Benchmark
    public int offerThenDrain() {
        for (int i = 0; i < burst; i++) {
            if (!queue.offer(message)) {
                throw new IllegalStateException("queue full");
            }
        }
        int drained = 0;
        while (drained < burst) {
            drained += queue.poll(maxBatch, maxBytes);
        }
        return drained;
    }

    /** Ack mode: offer {@code burst} messages, take them as connect-reply batches, acknowledge each. */
    @Benchmark
    public int offerTakeAcknowledge() {
        for (int i = 0; i < burst; i++) {
            if (!queue.offer(message)) {
                throw new IllegalStateException("queue full");
            }
        }
        int taken = 0;
        while (taken < burst) {
            taken += queue.takeBatch(maxBatch, maxBytes);
            queue.acknowledge(queue.batch());
        }
        return taken;
    }
}
