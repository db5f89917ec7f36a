package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SessionEngineTimeoutTest {
    private static final Duration MAX_INTERVAL = Duration.ofSeconds(600);
    private static final Duration INACTIVITY = Duration.ofSeconds(300);
    private static final Duration MS = Duration.ofMillis(1);

    private final EngineFixture fx = new EngineFixture(SessionOptions.DEFAULT.toBuilder()
            .maxInterval(MAX_INTERVAL).inactivityTimeout(INACTIVITY).build());

    @Test
    void should_deactivate_with_master_timeout_when_the_master_stays_away_longer_than_max_interval() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.disconnected(trio.masterJoin().userToken());

        fx.advance(MAX_INTERVAL.minus(MS));
        assertThat(fx.isLive(trio.token())).isTrue();

        fx.advance(MS);
        long end = EngineFixture.START + MAX_INTERVAL.toMillis();
        Notification.Deactivated expected =
                new Notification.Deactivated(OptionalLong.of(EngineFixture.START), end, EndReason.MASTER_TIMEOUT);
        assertThat(fx.isLive(trio.token())).isFalse();
        assertThat(trio.slave().received()).last().isEqualTo(expected);
        assertThat(trio.controller().received()).last().isEqualTo(expected);
        assertThat(fx.history(trio.session().historyId()).deactivationTime()).isEqualTo(OptionalLong.of(end));
    }

    @Test
    void should_keep_the_session_when_the_master_resumes_before_max_interval() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.disconnected(trio.masterJoin().userToken());
        fx.advance(MAX_INTERVAL.minus(MS));
        RecordingParticipant reloaded = new RecordingParticipant();

        JoinResult resumed = fx.resume(trio.token(), Role.MASTER, trio.masterJoin().userToken(), reloaded);
        fx.advance(MAX_INTERVAL.multipliedBy(3));

        assertThat(resumed.userId()).isEqualTo(1);
        assertThat(resumed.users()).extracting(Member::userId).containsExactly(2, 3);
        assertThat(fx.isLive(trio.token())).isTrue();
        assertThat(reloaded.received()).containsExactly(new Notification.Activated(EngineFixture.START));
        assertThat(trio.slave().received(Notification.Deactivated.class)).isEmpty();
        assertThat(trio.slave().received(Notification.UserJoined.class)).extracting(j -> j.member().userId())
                .containsExactly(3);
    }

    @Test
    void should_time_from_the_latest_disconnection_when_the_master_disconnects_again() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        fx.engine.disconnected(master);
        fx.advance(Duration.ofSeconds(100));
        fx.resume(trio.token(), Role.MASTER, master, new RecordingParticipant());
        fx.advance(Duration.ofSeconds(100));
        fx.engine.disconnected(master);

        fx.advance(MAX_INTERVAL.minus(Duration.ofSeconds(100)));
        assertThat(fx.isLive(trio.token())).as("the first timer is stale").isTrue();

        fx.advance(Duration.ofSeconds(100));
        assertThat(fx.isLive(trio.token())).isFalse();
        assertThat(trio.slave().received(Notification.Deactivated.class)).singleElement()
                .satisfies(d -> assertThat(d.deactivationTime()).isEqualTo(EngineFixture.START + 200_000 + MAX_INTERVAL.toMillis()));
    }

    @Test
    void should_not_extend_the_timeout_when_the_master_disconnect_is_reported_twice() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.disconnected(trio.masterJoin().userToken());
        fx.advance(Duration.ofSeconds(100));
        fx.engine.disconnected(trio.masterJoin().userToken());

        fx.advance(MAX_INTERVAL.minus(Duration.ofSeconds(100)));

        assertThat(fx.isLive(trio.token())).isFalse();
    }

    @Test
    void should_keep_the_session_when_a_slave_or_controller_disconnects() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.disconnected(trio.slaveJoin().userToken());
        fx.engine.disconnected(trio.controllerJoin().userToken());

        fx.advance(MAX_INTERVAL.multipliedBy(2));

        assertThat(fx.isLive(trio.token())).isTrue();
        assertThat(fx.resume(trio.token(), Role.SLAVE, trio.slaveJoin().userToken(), new RecordingParticipant()).userId())
                .isEqualTo(2);
    }

    @Test
    void should_deactivate_with_inactivity_timeout_when_no_slave_joins_in_time() {
        CreatedSession created = fx.create();
        RecordingParticipant master = new RecordingParticipant();
        fx.join(created.token(), Role.MASTER, master);

        fx.advance(INACTIVITY.minus(MS));
        assertThat(fx.isLive(created.token())).isTrue();
        fx.advance(MS);

        long end = EngineFixture.START + INACTIVITY.toMillis();
        assertThat(master.received()).containsExactly(
                new Notification.Deactivated(OptionalLong.empty(), end, EndReason.INACTIVITY_TIMEOUT));
        assertThat(fx.engine.liveSessions()).isZero();
        assertThat(fx.history(created.historyId()).activationTime()).isEmpty();
        assertThat(fx.history(created.historyId()).deactivationTime()).isEqualTo(OptionalLong.of(end));
    }

    @Test
    void should_not_time_out_for_inactivity_when_the_session_was_activated() {
        CreatedSession created = fx.create();
        fx.advance(INACTIVITY.minus(Duration.ofSeconds(1)));
        RecordingParticipant master = new RecordingParticipant();
        fx.join(created.token(), Role.MASTER, master);
        fx.join(created.token(), Role.SLAVE, new RecordingParticipant());

        fx.advance(INACTIVITY.multipliedBy(4));

        assertThat(fx.isLive(created.token())).isTrue();
        assertThat(master.received(Notification.Deactivated.class)).isEmpty();
    }

    @Test
    void should_time_out_for_inactivity_when_nobody_joined_at_all() {
        CreatedSession created = fx.create();

        fx.advance(INACTIVITY);

        assertThat(fx.engine.liveSessions()).isZero();
        assertThat(fx.history(created.historyId()).complete()).isTrue();
    }
}
