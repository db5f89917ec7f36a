package dev.tandem.bench.jmh;

import dev.tandem.core.CreatedSession;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.Participant;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.UserToken;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The session actor through the public {@link SessionEngine} API, with in-memory history and participants that
 * only count what they get (what a transport's participant does before it queues: nothing costly):
 * <ul>
 *   <li>{@code stream}: the master's page-stream chunk, logged and fanned out to {@code agents} agents
 *       (1, 10, 50) — one command, {@code agents} deliveries; a snapshot chunk every 100, as page loads do;</li>
 *   <li>{@code control}: an agent's control message relayed to the master — one command, one delivery;</li>
 * </ul>
 * {@link SessionSetUpBenchmark} measures the engine's part of a session set-up.
 * Commands complete while they are subscribed to (the actor runs on the caller's thread when it is free);
 * {@link Now} fails the benchmark if one does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SessionActorBenchmark {
    @Param({"1", "10", "50"})
    public int agents;

    private final LongAdder delivered = new LongAdder();
    private SessionEngine engine;
    private UserToken master;
    private UserToken agent;
    private byte[] payload;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        // A session takes 32 members by default; 50 agents need more.
        engine = SessionEngine.builder().options(SessionOptions.DEFAULT.toBuilder().maxMembers(64).build()).build();
        Participant counting = n -> delivered.increment();
        CreatedSession session = Now.of(engine.create());
        master = Now.of(engine.join(JoinRequest.of(session.token(), Role.MASTER), counting)).userToken();
        for (int i = 0; i < agents; i++) {
            UserToken t = Now.of(engine.join(JoinRequest.of(session.token(), Role.SLAVE), counting)).userToken();
            if (agent == null) {
                agent = t;
            }
        }
        payload = new byte[1024];
        Now.of(engine.stream(master, new StreamChunk(seq++, true, payload, payload.length)));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Now.of(engine.shutdown());
    }

    @Benchmark
    public Object stream() {
        long s = seq++;
        return Now.of(engine.stream(master, new StreamChunk(s, s % 100 == 0, payload, payload.length)));
    }

    @Benchmark
    public Object control() {
        return Now.of(engine.control(agent, payload, 64));
    }

}
