package dev.tandem.bench.jmh;

import dev.tandem.core.CreatedSession;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.Participant;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.UserToken;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's part of a co-browse session set-up, through the public {@link SessionEngine} API: create, a
 * master and a slave join (tokens drawn, {@code joined}/{@code activated} notifications delivered), then both
 * exit, so that sessions do not pile up. A fresh engine per iteration (ended sessions are remembered for a while).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SessionSetUpBenchmark {
    private final Participant ignoring = n -> { };
    private SessionEngine engine;

    @Setup(Level.Iteration)
    public void start() {
        engine = SessionEngine.builder().build();
    }

    @TearDown(Level.Iteration)
    public void stop() {
        Now.of(engine.shutdown());
    }

    @Benchmark
    public Object createJoinJoinExit() {
        CreatedSession created = Now.of(engine.create());
        UserToken m = Now.of(engine.join(JoinRequest.of(created.token(), Role.MASTER), ignoring)).userToken();
        UserToken a = Now.of(engine.join(JoinRequest.of(created.token(), Role.SLAVE), ignoring)).userToken();
        Now.of(engine.exit(a));
        return Now.of(engine.exit(m));
    }
}
