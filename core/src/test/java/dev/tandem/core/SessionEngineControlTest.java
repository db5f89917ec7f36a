package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Control messages: live only, from an agent to the master or from the master to every agent. */
class SessionEngineControlTest {
    private final EngineFixture fx = new EngineFixture();

    @Test
    void should_deliver_to_the_master_only_when_an_agent_sends_control() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.control(trio.slaveJoin().userToken(), "click", 5)).verifyComplete();
        StepVerifier.create(fx.engine.control(trio.controllerJoin().userToken(), "navigate", 8)).verifyComplete();

        assertThat(trio.master().received(Notification.Control.class)).containsExactly(
                new Notification.Control(2, Role.SLAVE, "click"),
                new Notification.Control(3, Role.CONTROLLER, "navigate"));
        assertThat(trio.slave().received(Notification.Control.class)).isEmpty();
        assertThat(trio.controller().received(Notification.Control.class)).isEmpty();
    }

    @Test
    void should_deliver_to_every_agent_when_the_master_sends_control() {
        EngineFixture.Trio trio = fx.trio();

        fx.engine.control(trio.masterJoin().userToken(), "consent", 7).block(EngineFixture.DEADLINE);

        Notification.Control expected = new Notification.Control(1, Role.MASTER, "consent");
        assertThat(trio.slave().received(Notification.Control.class)).containsExactly(expected);
        assertThat(trio.controller().received(Notification.Control.class)).containsExactly(expected);
        assertThat(trio.master().received(Notification.Control.class)).isEmpty();
    }

    @Test
    void should_answer_the_sender_before_delivering_when_control_is_sent() {
        Queue<String> log = new ConcurrentLinkedQueue<>();
        SessionToken token = fx.create().token();
        fx.join(token, Role.MASTER, new RecordingParticipant("M", log));
        UserToken slave = fx.join(token, Role.SLAVE, new RecordingParticipant("S", log)).userToken();
        log.clear();

        fx.engine.control(slave, "pointer", 7).subscribe(null, null, () -> log.add("S:reply"));

        assertThat(log).containsExactly("S:reply", "M:Control(2)");
    }

    @Test
    void should_refuse_control_when_it_exceeds_max_control_bytes() {
        EngineFixture small = new EngineFixture(SessionOptions.DEFAULT.toBuilder().maxControlBytes(100).build());
        EngineFixture.Trio trio = small.trio();

        StepVerifier.create(small.engine.control(trio.slaveJoin().userToken(), "big", 101))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(InvalidRequestException.class)
                        .hasMessageContaining("101").hasMessageContaining("100"))
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(small.engine.control(trio.slaveJoin().userToken(), "fits", 100)).verifyComplete();

        assertThat(trio.master().received(Notification.Control.class)).extracting(Notification.Control::payload)
                .containsExactly("fits");
    }

    @Test
    void should_refuse_control_when_the_user_token_is_unknown_or_the_session_ended() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.control(new UserToken("AAAAAAAAAAAAAAAAAAAAAA"), "x", 1))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);
        fx.engine.stop(trio.controllerJoin().userToken()).block(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.control(trio.slaveJoin().userToken(), "x", 1))
                .expectError(UnknownSessionException.class)
                .verify(EngineFixture.DEADLINE);

        assertThat(trio.master().received(Notification.Control.class)).isEmpty();
    }

    @Test
    void should_skip_offline_members_when_control_is_delivered() {
        EngineFixture.Trio trio = fx.trio();
        fx.engine.disconnected(trio.slaveJoin().userToken());
        fx.engine.control(trio.masterJoin().userToken(), "to-agents", 9).block(EngineFixture.DEADLINE);
        fx.engine.disconnected(trio.masterJoin().userToken());

        fx.engine.control(trio.controllerJoin().userToken(), "to-master", 9).block(EngineFixture.DEADLINE);
        RecordingParticipant reloaded = new RecordingParticipant();
        fx.resume(trio.token(), Role.MASTER, trio.masterJoin().userToken(), reloaded);
        fx.engine.control(trio.controllerJoin().userToken(), "after-resume", 12).block(EngineFixture.DEADLINE);

        assertThat(trio.slave().received(Notification.Control.class)).as("offline slave").isEmpty();
        assertThat(trio.controller().received(Notification.Control.class)).extracting(Notification.Control::payload)
                .containsExactly("to-agents");
        assertThat(trio.master().received(Notification.Control.class)).as("offline master").isEmpty();
        assertThat(reloaded.received(Notification.Control.class)).extracting(Notification.Control::payload)
                .containsExactly("after-resume");
    }
}
