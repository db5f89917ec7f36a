package dev.tandem.core.internal;

import dev.tandem.core.Notification;
import dev.tandem.core.Participant;
import dev.tandem.core.Role;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SessionToken;
import dev.tandem.core.TandemException;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.internal.SessionEvent.MemberJoined;
import dev.tandem.core.internal.SessionEvent.MemberLeft;
import dev.tandem.core.internal.SessionEvent.MemberOffline;
import dev.tandem.core.internal.SessionEvent.MemberResumed;
import dev.tandem.core.internal.SessionEvent.PageEntered;
import dev.tandem.core.internal.SessionEvent.SessionActivated;
import dev.tandem.core.internal.SessionEvent.SessionCreated;
import dev.tandem.core.internal.SessionEvent.SessionDeactivated;
import dev.tandem.core.internal.SessionState.MemberState;
import dev.tandem.core.internal.SessionState.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.util.concurrent.Queues;

/**
 * The single writer of one session. Commands go into a lock-free MPSC mailbox; the thread that finds the
 * actor idle drains it (no thread hop), one command at a time: decide → evolve → effects. Effects run in
 * a fixed order: registry changes, timers and history first, then the command's reply, then the
 * notifications the command caused — so a caller always has its answer before any notification.
 */
final class SessionActor {
    private static final Logger log = LoggerFactory.getLogger(SessionActor.class);

    /** Shared, immutable collaborators of every actor. */
    record Context(SessionOptions options, Decider decider, SessionRegistry registry, Scheduler scheduler,
                   HistoryStore history) {
        long now() {
            return scheduler.now(TimeUnit.MILLISECONDS);
        }
    }

    /** A command with who sent it: the joiner's participant (joins only) and where the answer goes (may be null). */
    private record Envelope(Command command, Participant participant, MonoSink<Object> reply) {
    }

    private record Delivery(Participant participant, Notification notification) {
    }

    private final Queue<Envelope> mailbox = Queues.<Envelope>unboundedMultiproducer().get();
    private final AtomicInteger wip = new AtomicInteger();
    private final SessionToken token;
    private final Context context;

    // Confined to the draining thread (the wip counter orders one drainer after the other).
    private SessionState state;
    private final Map<Integer, Participant> participants = new HashMap<>();
    private final List<Delivery> outbox = new ArrayList<>();
    private Disposable inactivityTimer = Disposables.disposed();
    private Disposable masterTimer = Disposables.disposed();

    SessionActor(SessionToken token, SessionHistoryId historyId, Context context) {
        this.token = token;
        this.context = context;
        this.state = SessionState.pending(token, historyId);
    }

    SessionToken token() {
        return token;
    }

    /** Enqueues {@code command}; drains on this thread when the actor is idle. Never blocks. */
    void tell(Command command, Participant participant, MonoSink<Object> reply) {
        mailbox.offer(new Envelope(command, participant, reply));
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Envelope envelope;
            while ((envelope = mailbox.poll()) != null) {
                step(envelope);
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step(Envelope envelope) {
        Decision decision;
        try {
            decision = context.decider().decide(envelope.command(), state, context.now());
        } catch (RuntimeException e) {
            log.error("Session {} failed to decide {}", token, envelope.command().getClass().getSimpleName(), e);
            fail(envelope, new TandemException("Internal error in session " + token + "; please retry", e));
            return;
        }
        if (decision instanceof Decision.Rejected rejected) {
            fail(envelope, rejected.error());
            return;
        }
        Decision.Accepted accepted = (Decision.Accepted) decision;
        try {
            for (SessionEvent event : accepted.events()) {
                SessionState before = state;
                state = Evolver.evolve(before, event);
                apply(event, before, state, envelope.participant());
            }
        } catch (RuntimeException e) {
            log.error("Session {} failed to apply {}", token, accepted.events(), e);
        }
        succeed(envelope, accepted.reply());
        flushOutbox();
    }

    private void apply(SessionEvent event, SessionState before, SessionState after, Participant participant) {
        if (event instanceof SessionCreated e) {
            log.info("Session created. Token: {} Id: {}", token, after.historyId());
            record(new HistoryRecord.Created(after.historyId(), token, e.creationTime()));
            inactivityTimer = schedule(new Command.InactivityTimeout(), context.options().inactivityTimeout());
        } else if (event instanceof MemberJoined e) {
            context.registry().addMember(e.userToken(), this);
            participants.put(e.member().userId(), participant);
            for (MemberState m : before.members()) {
                notify(m.userId(), new Notification.UserJoined(e.member()));
            }
            if (before.phase() == Phase.ACTIVATED) {
                // A late joiner learns that the session is already running, as a resumed member does.
                notify(e.member().userId(), new Notification.Activated(after.activationTime().orElseThrow()));
            }
        } else if (event instanceof MemberResumed e) {
            participants.put(e.userId(), participant);
            if (isMaster(after, e.userId())) {
                masterTimer.dispose();
            }
            if (after.phase() == Phase.ACTIVATED) {
                notify(e.userId(), new Notification.Activated(after.activationTime().orElseThrow()));
            }
        } else if (event instanceof MemberOffline e) {
            if (isMaster(after, e.userId())) {
                masterTimer.dispose();
                masterTimer = schedule(new Command.MasterTimeout(after.masterOfflineEpoch()), context.options().maxInterval());
            }
        } else if (event instanceof MemberLeft e) {
            before.member(e.userId()).ifPresent(m -> context.registry().removeMember(m.userToken(), this));
            participants.remove(e.userId());
        } else if (event instanceof SessionActivated e) {
            log.info("Session activated. Token: {} Id: {}", token, after.historyId());
            inactivityTimer.dispose();
            record(new HistoryRecord.Activated(after.historyId(), e.activationTime()));
            for (MemberState m : after.members()) {
                notify(m.userId(), new Notification.Activated(e.activationTime()));
            }
        } else if (event instanceof PageEntered e) {
            record(new HistoryRecord.PageEntered(after.historyId(), e.sequence(), e.url(), e.enteredTimestamp()));
        } else if (event instanceof SessionDeactivated e) {
            log.info("Session deactivated. Token: {} Id: {} Reason: {}", token, after.historyId(), e.reason());
            inactivityTimer.dispose();
            masterTimer.dispose();
            Notification.Deactivated deactivated =
                    new Notification.Deactivated(after.activationTime(), e.deactivationTime(), e.reason());
            for (MemberState m : after.members()) {
                context.registry().removeMember(m.userToken(), this);
                notify(m.userId(), deactivated);
            }
            participants.clear();
            context.registry().ended(this);
            record(new HistoryRecord.Deactivated(after.historyId(), e.deactivationTime(), e.reason()));
        }
    }

    private static boolean isMaster(SessionState state, int userId) {
        return state.member(userId).map(m -> m.role() == Role.MASTER).orElse(false);
    }

    private void notify(int userId, Notification notification) {
        Participant participant = participants.get(userId);
        if (participant != null) {
            outbox.add(new Delivery(participant, notification));
        }
    }

    private void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        List<Delivery> deliveries = List.copyOf(outbox);
        outbox.clear();
        for (Delivery d : deliveries) {
            try {
                d.participant().deliver(d.notification());
            } catch (RuntimeException e) {
                log.warn("Session {}: a participant failed to take {}", token,
                        d.notification().getClass().getSimpleName(), e);
            }
        }
    }

    private Disposable schedule(Command command, Duration delay) {
        try {
            return context.scheduler().schedule(() -> tell(command, null, null), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.error("Session {}: could not schedule {}; it will not fire", token, command, e);
            return Disposables.disposed();
        }
    }

    /** Fire and forget: the store buffers and retries; a failure is logged, never waited for. */
    private void record(HistoryRecord historyRecord) {
        try {
            context.history().append(historyRecord).subscribe(null, e -> log.warn(
                    "History record {} of session {} was not stored", historyRecord.getClass().getSimpleName(), token, e));
        } catch (RuntimeException e) {
            log.warn("History record {} of session {} was not stored", historyRecord.getClass().getSimpleName(), token, e);
        }
    }

    private void succeed(Envelope envelope, Object value) {
        MonoSink<Object> reply = envelope.reply();
        if (reply == null) {
            return;
        }
        try {
            if (value == null) {
                reply.success();
            } else {
                reply.success(value);
            }
        } catch (RuntimeException e) {
            log.warn("Session {}: the caller failed to take its answer", token, e);
        }
    }

    private void fail(Envelope envelope, Throwable error) {
        MonoSink<Object> reply = envelope.reply();
        if (reply == null) {
            return;
        }
        try {
            reply.error(error);
        } catch (RuntimeException e) {
            log.warn("Session {}: the caller failed to take its error", token, e);
        }
    }
}
