package dev.tandem.core;

import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.core.history.SessionHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** An engine on virtual time with an in-memory history store; the clock starts at the seed's example time. */
public final class EngineFixture {
    /** 2013-05-30T18:48:27.527Z, the creation time in the seed's History REST example. */
    public static final long START = 1_369_939_707_527L;
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    public final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    public final InMemoryHistoryStore history = new InMemoryHistoryStore(this::now);
    public final SessionEngine engine;

    public EngineFixture() {
        this(SessionOptions.DEFAULT);
    }

    public EngineFixture(SessionOptions options) {
        this(options, new Random(42));
    }

    public EngineFixture(SessionOptions options, Random random) {
        scheduler.advanceTimeTo(Instant.ofEpochMilli(START));
        engine = SessionEngine.builder().options(options).scheduler(scheduler).historyStore(history).random(random).build();
    }

    public long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    public void advance(Duration duration) {
        scheduler.advanceTimeBy(duration);
    }

    /** Moves the clock to {@code START + offsetMillis}. */
    public void advanceToOffset(long offsetMillis) {
        scheduler.advanceTimeTo(Instant.ofEpochMilli(START + offsetMillis));
    }

    public CreatedSession create() {
        return engine.create().block(DEADLINE);
    }

    public JoinResult join(SessionToken token, Role role, Participant participant) {
        return engine.join(JoinRequest.of(token, role), participant).block(DEADLINE);
    }

    public JoinResult join(SessionToken token, Role role, String name, Participant participant) {
        return engine.join(new JoinRequest(token, role, Optional.of(name), Optional.empty()), participant).block(DEADLINE);
    }

    public JoinResult resume(SessionToken token, Role role, UserToken userToken, Participant participant) {
        return engine.join(new JoinRequest(token, role, Optional.empty(), Optional.of(userToken)), participant)
                .block(DEADLINE);
    }

    /** The master publishes {@code chunk}; returns once the engine accepted it (or throws its error). */
    public void stream(UserToken master, StreamChunk chunk) {
        engine.stream(master, chunk).block(DEADLINE);
    }

    /** A full-snapshot batch with payload {@code "page-<seq>"}. */
    public static StreamChunk snapshot(long seq, int size) {
        return new StreamChunk(seq, true, "page-" + seq, size);
    }

    /** An increment batch with payload {@code "page-<seq>"}. */
    public static StreamChunk increment(long seq, int size) {
        return new StreamChunk(seq, false, "page-" + seq, size);
    }

    public SessionHistory history(SessionHistoryId id) {
        return history.find(id).block(DEADLINE);
    }

    public boolean isLive(SessionToken token) {
        return engine.find(token).blockOptional(DEADLINE).isPresent();
    }

    /** A session with a master, a slave and a controller joined in that order (activated). */
    public Trio trio() {
        CreatedSession created = create();
        RecordingParticipant master = new RecordingParticipant();
        RecordingParticipant slave = new RecordingParticipant();
        RecordingParticipant controller = new RecordingParticipant();
        JoinResult m = join(created.token(), Role.MASTER, "Customer", master);
        JoinResult s = join(created.token(), Role.SLAVE, "Agent", slave);
        JoinResult c = join(created.token(), Role.CONTROLLER, controller);
        return new Trio(created, master, m, slave, s, controller, c);
    }

    public record Trio(CreatedSession session, RecordingParticipant master, JoinResult masterJoin,
                       RecordingParticipant slave, JoinResult slaveJoin,
                       RecordingParticipant controller, JoinResult controllerJoin) {
        public SessionToken token() {
            return session.token();
        }
    }
}
