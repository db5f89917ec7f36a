package dev.tandem.core.internal;

import static dev.tandem.core.EngineFixture.increment;
import static dev.tandem.core.EngineFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.EngineFixture;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.UserToken;
import org.junit.jupiter.api.Test;

/** The actor's page-stream log as the engine fills and frees it (read while the actor is idle). */
class SessionActorStreamLogTest {
    private static final int BUDGET = 64 * 1024;

    private final EngineFixture fx = new EngineFixture(SessionOptions.DEFAULT.toBuilder()
            .maxStreamLogBytes(BUDGET).maxStreamChunkBytes(BUDGET / 2).build());

    private StreamLog logOf(EngineFixture.Trio trio) {
        return ((DefaultSessionEngine) fx.engine).session(trio.token()).streamLog();
    }

    @Test
    void should_release_the_log_when_the_session_is_deactivated() {
        EngineFixture.Trio trio = fx.trio();
        StreamLog log = logOf(trio);
        fx.stream(trio.masterJoin().userToken(), snapshot(1, 1_000));
        fx.stream(trio.masterJoin().userToken(), increment(2, 100));
        assertThat(log.chunks()).extracting(StreamChunk::seq).containsExactly(1L, 2L);

        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);

        assertThat(log.chunks()).isEmpty();
        assertThat(log.bytes()).isZero();
    }

    @Test
    void should_tell_a_shared_payload_it_was_fanned_out_once_every_agent_had_it() {
        EngineFixture.Trio trio = fx.trio();
        java.util.List<Integer> agentsHadItWhenTold = new java.util.ArrayList<>();
        SharedPayload payload = new SharedPayload() {
            @Override
            public boolean tryRetain() {
                return true;
            }

            @Override
            public void release() {
            }

            @Override
            public void fannedOut() {
                agentsHadItWhenTold.add(trio.slave().streamed(false).size());
            }
        };

        fx.stream(trio.masterJoin().userToken(), new StreamChunk(1, true, payload, 10));

        assertThat(agentsHadItWhenTold).as("told once, after the agent got the batch").containsExactly(1);
    }

    @Test
    void should_hold_at_most_its_budget_when_the_master_streams_far_more() {
        EngineFixture.Trio trio = fx.trio();
        StreamLog log = logOf(trio);
        UserToken master = trio.masterJoin().userToken();
        fx.stream(master, snapshot(0, BUDGET / 2));

        long maxSeen = 0;
        for (int i = 1; i <= 2_000; i++) {
            fx.stream(master, i % 500 == 0 ? snapshot(i, 1_000) : increment(i, i % 7 * 100));
            maxSeen = Math.max(maxSeen, log.bytes());
        }

        assertThat(maxSeen).isLessThanOrEqualTo(BUDGET);
        assertThat(trio.slave().streamed(false)).hasSize(2_001);
    }
}
