package dev.tandem.core.internal;

import dev.tandem.core.Notification;
import dev.tandem.core.Participant;
import dev.tandem.core.Role;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SessionToken;
import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.TandemException;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.internal.SessionEvent.ChunkStreamed;
import dev.tandem.core.internal.SessionEvent.ControlSent;
import dev.tandem.core.internal.SessionEvent.MemberJoined;
import dev.tandem.core.internal.SessionEvent.MemberLeft;
import dev.tandem.core.internal.SessionEvent.MemberOffline;
import dev.tandem.core.internal.SessionEvent.MemberResumed;
import dev.tandem.core.internal.SessionEvent.PageEntered;
import dev.tandem.core.internal.SessionEvent.ReplayRequested;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The single writer of one session. Commands go into a lock-free {@link Mailbox}; the thread that finds the
 * actor idle drains it (no thread hop), one command at a time: decide → evolve → effects. Effects run in
 * a fixed order: registry changes, timers and history first, then the command's reply, then the
 * notifications the command caused — so a caller always has its answer before any notification.
 *
 * <p>Next to the state, the actor keeps the session's page-stream log ({@link StreamLog}), a projection of
 * the stream's events that no decision depends on; see there why it is not part of {@link SessionState}.
 * Members marked offline get no stream, control or replay until they resume.
 */
final class SessionActor {
    private static final Logger log = LoggerFactory.getLogger(SessionActor.class);

    /** Shared, immutable collaborators of every actor. */
    record Context(SessionOptions options, Decider decider, SessionRegistry registry, Scheduler scheduler,
                   HistoryStore history, StreamLogBudget streamLogs) {
        long now() {
            return scheduler.now(TimeUnit.MILLISECONDS);
        }
    }

    /** A command with who sent it: the joiner's participant (joins only) and where the answer goes (may be null). */
    private record Envelope(Command command, Participant participant, MonoSink<Object> reply) {
    }

    private static final Notification SNAPSHOT_REQUESTED = new Notification.SnapshotRequested();
    /** An outbox that grew beyond this (a long replay) gives its memory back once flushed. */
    private static final int OUTBOX_KEEP = 1_024;

    private final Mailbox<Envelope> mailbox;
    private final SessionToken token;
    private final Context context;

    // Confined to the draining thread (the wip counter orders one drainer after the other).
    private SessionState state;
    private final Map<Integer, Participant> participants = new HashMap<>();
    private final StreamLog streamLog;
    /** The page-stream payload this step fans out, if it wants to know when that is done; else null. */
    private SharedPayload fannedOut;
    // The notifications a step caused, in order: outboxTo.get(i) gets outbox.get(i). Two lists rather than
    // one of pairs, so that relaying a page-stream batch allocates nothing per recipient.
    private final ArrayList<Participant> outboxTo = new ArrayList<>();
    private final ArrayList<Notification> outbox = new ArrayList<>();
    private Disposable inactivityTimer = Disposables.disposed();
    private Disposable masterTimer = Disposables.disposed();

    SessionActor(SessionToken token, SessionHistoryId historyId, Context context) {
        this.token = token;
        this.context = context;
        this.state = SessionState.pending(token, historyId);
        this.streamLog = new StreamLog(context.options().maxStreamLogBytes(), context.streamLogs());
        this.mailbox = new Mailbox<>("Session " + token, this::step);
    }

    SessionToken token() {
        return token;
    }

    /** The page-stream log; for tests, and only while the actor is idle (it is confined to the drainer). */
    StreamLog streamLog() {
        return streamLog;
    }

    /** Enqueues {@code command}; drains on this thread when the actor is idle. Never blocks. */
    void tell(Command command, Participant participant, MonoSink<Object> reply) {
        mailbox.offer(new Envelope(command, participant, reply));
    }

    private void step(Envelope envelope) {
        Decision decision;
        try {
            decision = context.decider().decide(envelope.command(), state, context.now());
        } catch (RuntimeException | Error e) {
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
        } catch (RuntimeException | Error e) {
            // An Error too: the step still answers and delivers what it queued, so no caller waits for nothing.
            // Event names only: a page-stream event's payload may be megabytes of the customer's page.
            log.error("Session {} failed to apply {}", token,
                    accepted.events().stream().map(ev -> ev.getClass().getSimpleName()).toList(), e);
        }
        succeed(envelope, accepted.reply());
        flushOutbox();
        if (fannedOut != null) {
            SharedPayload shared = fannedOut;
            fannedOut = null;
            shared.fannedOut();
        }
    }

    private void apply(SessionEvent event, SessionState before, SessionState after, Participant participant) {
        if (event instanceof ChunkStreamed e) {
            StreamChunk chunk = e.chunk();
            streamLog.append(chunk);
            notifyAgents(after, new Notification.Stream(chunk, false));
            if (chunk.payload() instanceof SharedPayload shared) {
                fannedOut = shared; // told once this step's notifications are delivered
            }
            if (!chunk.snapshot()) {
                // An increment with no snapshot logged (none yet, or the log went stale): ask, once.
                requestSnapshot(after);
            }
        } else if (event instanceof ControlSent e) {
            Notification control = new Notification.Control(e.from(), e.role(), e.payload());
            if (e.role() == Role.MASTER) {
                notifyAgents(after, control);
            } else {
                after.master().filter(MemberState::online).ifPresent(m -> notify(m.userId(), control));
            }
        } else if (event instanceof ReplayRequested e) {
            replay(after, e.userId());
        } else if (event instanceof SessionCreated e) {
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
                // A snapshot request sent to its old connection may be lost: ask again when one is wanted.
                streamLog.forgetRequest();
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
            streamLog.release();
            context.registry().ended(this);
            record(new HistoryRecord.Deactivated(after.historyId(), e.deactivationTime(), e.reason()));
        }
    }

    /** The agent {@code userId} gets the log as replayed batches; with no log, the master is asked for a snapshot. */
    private void replay(SessionState state, int userId) {
        if (!state.member(userId).map(MemberState::online).orElse(false)) {
            return;
        }
        List<StreamChunk> chunks = streamLog.chunks();
        if (chunks.isEmpty()) {
            requestSnapshot(state);
            return;
        }
        for (int i = 0; i < chunks.size(); i++) {
            notify(userId, new Notification.Stream(chunks.get(i), true));
        }
    }

    /** Asks the online master for a snapshot if the log wants one and none was asked for since the last. */
    private void requestSnapshot(SessionState state) {
        if (!streamLog.wantsSnapshot()) {
            return;
        }
        MemberState master = state.master().orElse(null);
        if (master == null || !master.online() || !participants.containsKey(master.userId())) {
            return;
        }
        streamLog.snapshotRequested();
        notify(master.userId(), SNAPSHOT_REQUESTED);
    }

    /** Every online slave and controller gets {@code notification}. */
    private void notifyAgents(SessionState state, Notification notification) {
        List<MemberState> members = state.members();
        for (int i = 0; i < members.size(); i++) {
            MemberState m = members.get(i);
            if (m.online() && Decider.isAgent(m.role())) {
                notify(m.userId(), notification);
            }
        }
    }

    private static boolean isMaster(SessionState state, int userId) {
        return state.member(userId).map(m -> m.role() == Role.MASTER).orElse(false);
    }

    private void notify(int userId, Notification notification) {
        Participant participant = participants.get(userId);
        if (participant != null) {
            outboxTo.add(participant);
            outbox.add(notification);
        }
    }

    /**
     * Delivers the step's notifications in order. A participant that sends a command to this actor from
     * {@code deliver} only enqueues it (this thread is the drainer), so the outbox cannot change meanwhile.
     */
    private void flushOutbox() {
        int count = outbox.size();
        if (count == 0) {
            return;
        }
        try {
            for (int i = 0; i < count; i++) {
                Notification notification = outbox.get(i);
                try {
                    outboxTo.get(i).deliver(notification);
                } catch (RuntimeException e) {
                    log.warn("Session {}: a participant failed to take {}", token,
                            notification.getClass().getSimpleName(), e);
                }
            }
        } finally {
            outboxTo.clear();
            outbox.clear();
            if (count > OUTBOX_KEEP) {
                outboxTo.trimToSize();
                outbox.trimToSize();
            }
        }
    }

    private Disposable schedule(Command command, Duration delay) {
        return ActorReplies.schedule(context.scheduler(), () -> tell(command, null, null), delay, command, log, "Session", token);
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
        ActorReplies.succeed(envelope.reply(), value, log, "Session", token);
    }

    private void fail(Envelope envelope, Throwable error) {
        ActorReplies.fail(envelope.reply(), error, log, "Session", token);
    }
}
