package dev.tandem.bench;

import dev.tandem.bench.load.LoadGenerator;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.LoadResult;
import dev.tandem.bench.load.Protocol;
import dev.tandem.bench.load.Reports;
import dev.tandem.bench.load.TransportMode;
import dev.tandem.bench.relay.cometd.CometdRelayServer;
import dev.tandem.bench.relay.raw.RawRelayServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the generator works: the CometD relay and the raw relay run in this JVM on free loopback
 * ports, the generator drives 5 sessions for a few seconds, and messages flow with latencies recorded.
 * No timed assertions: the machine is shared.
 */
class LoadGeneratorIT {
    private static CometdRelayServer cometd;
    private static RawRelayServer raw;

    @BeforeAll
    static void startRelays() {
        cometd = CometdRelayServer.start("127.0.0.1", 0);
        raw = RawRelayServer.start("127.0.0.1", 0).block(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopRelays() {
        if (cometd != null) {
            cometd.stop();
        }
        if (raw != null) {
            raw.stop();
        }
    }

    private static LoadOptions.Builder small(URI target) {
        return LoadOptions.builder()
                .target(target)
                .sessions(5)
                .agents(1)
                .rate(20)
                .payloadBytes(512)
                .ramp(Duration.ZERO)
                .warmup(Duration.ofMillis(500))
                .duration(Duration.ofSeconds(2))
                .maxDuration(Duration.ofSeconds(90))
                .progress(Duration.ZERO)
                .heapProbe(false)
                .metricsUri(null)
                .ioThreads(1)
                .label("it");
    }

    private static URI cometdUri() {
        return URI.create("http://127.0.0.1:" + cometd.port() + "/cobrowse/cometd");
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void should_record_master_to_agent_latency_when_streaming_through_the_cometd_relay(TransportMode transport) {
        long exitsBefore = cometd.sessionsEndedByExit();
        LoadResult result = LoadGenerator.run(small(cometdUri()).transport(transport).build(), line -> { })
                .block(Duration.ofSeconds(120));

        assertThat(result).isNotNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.connections().open()).isEqualTo(10);
        assertThat(result.setup().established()).isEqualTo(5);
        assertThat(result.setup().latencyMs().count()).isEqualTo(5);
        assertThat(result.steady().sent()).isPositive();
        assertThat(result.steady().delivered()).isPositive();
        assertThat(result.steady().latencyMs().count()).isPositive();
        assertThat(result.steady().latencyMs().max()).isGreaterThan(0);
        assertThat(result.steady().out().bytesPerSecond()).isPositive();
        // every message sent in the window counts once, wherever it arrived (a straggler after the run may miss)
        assertThat(result.steady().deliveredOfExpected())
                .isBetween(result.steady().expected() * 9 / 10, result.steady().expected());
        assertThat(result.totals().errors()).as("errors: %s", result.errorSamples()).isZero();
        assertThat(result.latencyHistogram()).isNotBlank();
        assertThat(result.generator().ioThreads()).isEqualTo(1);
        assertThat(result.generator().gcPauses()).isNotNegative();
        assertThat(Reports.markdown(result))
                .contains("its own collector (" + result.generator().collector() + ") ran " + result.generator().gcPauses());
        assertThat(cometd.sessionsEndedByExit() - exitsBefore).as("the masters' exits end the sessions").isEqualTo(5);
        assertThat(cometd.liveSessions()).as("sessions left on the relay").isZero();
    }

    /** Waits, up to 10 s, for what the server does after the generator is done with it. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what).isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Test
    void should_deliver_joined_and_activated_notifications_when_a_controller_joins_too() {
        long exitsBefore = cometd.sessionsEndedByExit();
        LoadResult result = LoadGenerator.run(small(cometdUri()).controller(true).agents(2).build(), line -> { })
                .block(Duration.ofSeconds(120));

        assertThat(result.ok()).isTrue();
        assertThat(result.connections().open()).isEqualTo(20);
        assertThat(result.setup().established()).isEqualTo(5);
        assertThat(result.totals().delivered()).isPositive();
        assertThat(result.totals().errors()).as("errors: %s", result.errorSamples()).isZero();
        assertThat(cometd.sessionsEndedByExit() - exitsBefore).as("the masters' exits end the sessions").isEqualTo(5);
    }

    @Test
    void should_record_master_to_agent_latency_when_streaming_through_the_raw_relay() {
        LoadOptions options = small(URI.create("ws://127.0.0.1:" + raw.port() + "/relay"))
                .protocol(Protocol.RAW)
                .agents(2)
                .build();

        LoadResult result = LoadGenerator.run(options, line -> { }).block(Duration.ofSeconds(120));

        assertThat(result.ok()).isTrue();
        assertThat(result.connections().open()).isEqualTo(15);
        assertThat(result.steady().delivered()).isPositive();
        assertThat(result.steady().latencyMs().count()).isPositive();
        assertThat(result.steady().deliveredOfExpected()).as("both agents got the messages")
                .isBetween(result.steady().expected() * 9 / 10, result.steady().expected());
        assertThat(result.totals().errors()).as("errors: %s", result.errorSamples()).isZero();
        awaitTrue(() -> raw.rooms() == 0, "closed sockets leave no room behind");
    }

    @Test
    void should_fail_with_what_to_check_when_the_server_relays_no_stream() {
        // the CometD relay listens for the stream on another channel: nothing reaches the agents
        LoadOptions options = small(cometdUri()).streamChannel("/service/session/not-relayed").build();
        long exitsBefore = cometd.sessionsEndedByExit();

        assertThatThrownBy(() -> LoadGenerator.run(options, line -> { }).block(Duration.ofSeconds(60)))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("No page-stream message reached an agent during the warm-up")
                .hasMessageContaining("/service/session/not-relayed");
        assertThat(cometd.sessionsEndedByExit() - exitsBefore)
                .as("a failed run still ends its sessions, not the relay's session timeout").isEqualTo(5);
        assertThat(cometd.liveSessions()).as("sessions left on the relay").isZero();
    }

    @Test
    void should_refuse_a_non_loopback_target_when_remote_is_not_allowed() {
        LoadOptions options = small(URI.create("http://192.0.2.10:8700/cobrowse/cometd")).build();

        assertThatThrownBy(() -> LoadGenerator.run(options, line -> { }).block(Duration.ofSeconds(30)))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("--allow-remote");
    }

    @Test
    void should_say_what_to_check_when_no_server_listens() {
        LoadOptions options = small(URI.create("http://127.0.0.1:1/cobrowse/cometd")).build();

        assertThatThrownBy(() -> LoadGenerator.run(options, line -> { }).block(Duration.ofSeconds(60)))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("Is the server running");
    }
}
