package dev.tandem.core.chat.internal;

import dev.tandem.core.TandemException;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatNotification;
import dev.tandem.core.chat.ChatOptions;
import dev.tandem.core.chat.ChatParticipant;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.QueueChange;
import dev.tandem.core.chat.WaitingChat;
import dev.tandem.core.chat.internal.ChatState.MemberState;
import dev.tandem.core.chat.internal.ChatState.Phase;
import dev.tandem.core.history.TranscriptRecord;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.core.internal.ActorReplies;
import dev.tandem.core.internal.Mailbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The single writer of one chat, on a {@link Mailbox} as the co-browse session actor: one command at a time,
 * decide → evolve → effects. Effects run in a fixed order: registry, waiting list, timers and transcript first, then
 * the command's reply, then the notifications the command caused — so a caller has its answer before any
 * notification.
 *
 * <p>Next to the state the actor keeps each member's current {@link ChatParticipant} (none while it is offline).
 */
final class ChatActor {
    private static final Logger log = LoggerFactory.getLogger(ChatActor.class);

    /** Shared, immutable collaborators of every actor. */
    record Context(ChatOptions options, ChatDecider decider, ChatRegistry registry, Scheduler scheduler,
                   TranscriptStore transcripts) {
        long now() {
            return scheduler.now(TimeUnit.MILLISECONDS);
        }
    }

    /** A command, the connection it came from (start, restore, enter, disconnect) and where its answer goes. */
    private record Envelope(ChatCommand command, ChatParticipant participant, MonoSink<Object> reply) {
    }

    private record Delivery(ChatParticipant to, ChatNotification notification) {
    }

    private final ChatId id;
    private final Context context;
    private final Mailbox<Envelope> mailbox;

    // Confined to the draining thread.
    private ChatState state;
    private final Map<Integer, ChatParticipant> participants = new HashMap<>();
    private final Map<Integer, Disposable> offlineTimers = new HashMap<>();
    private final List<Delivery> outbox = new ArrayList<>();
    private Disposable waitTimer = Disposables.disposed();

    ChatActor(ChatId id, Context context) {
        this.id = id;
        this.context = context;
        this.state = ChatState.pending(id);
        this.mailbox = new Mailbox<>("Chat " + id, this::step);
    }

    ChatId id() {
        return id;
    }

    /** Enqueues {@code command}; drains on this thread when the actor is idle. Never blocks. */
    void tell(ChatCommand command, ChatParticipant participant, MonoSink<Object> reply) {
        mailbox.offer(new Envelope(command, participant, reply));
    }

    private void step(Envelope envelope) {
        if (envelope.command() instanceof ChatCommand.Disconnect d && !isCurrent(d, envelope.participant())) {
            return; // a connection the member already replaced (it restored elsewhere)
        }
        ChatDecision decision;
        try {
            decision = context.decider().decide(envelope.command(), state, context.now());
        } catch (RuntimeException e) {
            log.error("Chat {} failed to decide {}", id, envelope.command().getClass().getSimpleName(), e);
            fail(envelope, new TandemException("Internal error in chat " + id + "; please retry", e));
            return;
        }
        if (decision instanceof ChatDecision.Rejected rejected) {
            if (envelope.command() instanceof ChatCommand.Start) {
                context.registry().abandon(this); // never opened: free its id and slot
            }
            fail(envelope, rejected.error());
            return;
        }
        ChatDecision.Accepted accepted = (ChatDecision.Accepted) decision;
        try {
            for (ChatEvent event : accepted.events()) {
                ChatState before = state;
                state = ChatEvolver.evolve(before, event);
                apply(event, before, state, envelope.participant());
            }
        } catch (RuntimeException e) {
            // Event names only: a message's text is the customer's.
            log.error("Chat {} failed to apply {}", id,
                    accepted.events().stream().map(ev -> ev.getClass().getSimpleName()).toList(), e);
        }
        succeed(envelope, accepted.reply());
        flushOutbox();
    }

    private boolean isCurrent(ChatCommand.Disconnect d, ChatParticipant participant) {
        MemberState m = state.member(d.token()).orElse(null);
        return m != null && participant != null && participants.get(m.userId()) == participant;
    }

    private void apply(ChatEvent event, ChatState before, ChatState after, ChatParticipant participant) {
        if (event instanceof ChatEvent.Posted e) {
            notifyOthers(after, e.message().from(), new ChatNotification.Message(id, e.message()));
            record(new TranscriptRecord.Posted(id, e.message()));
        } else if (event instanceof ChatEvent.TypingRelayed e) {
            notifyOthers(after, e.userId(), new ChatNotification.Typing(id, e.userId(), e.typing()));
        } else if (event instanceof ChatEvent.Started e) {
            log.info("Chat started. Id: {}", id);
            context.registry().addMember(e.token(), this);
            participants.put(e.customer().userId(), participant);
            record(new TranscriptRecord.Started(id, e.startTime(), e.subject()));
            record(new TranscriptRecord.Joined(id, e.customer().userId(), ChatRole.CUSTOMER, e.customer().nickname(),
                    e.startTime()));
            enterWaitingList(after);
        } else if (event instanceof ChatEvent.Joined e) {
            log.info("Chat {}: agent {} joined", id, e.member().userId());
            context.registry().addMember(e.token(), this);
            participants.put(e.member().userId(), participant);
            notifyOthers(after, e.member().userId(), new ChatNotification.Joined(id, e.member()));
            record(new TranscriptRecord.Joined(id, e.member().userId(), ChatRole.AGENT, e.member().nickname(),
                    e.joinTime()));
        } else if (event instanceof ChatEvent.Accepted) {
            waitTimer.dispose();
            context.registry().waiting().remove(id, QueueChange.Cause.ACCEPTED);
        } else if (event instanceof ChatEvent.Requeued) {
            log.info("Chat {}: back in the waiting list (its last agent left)", id);
            enterWaitingList(after);
        } else if (event instanceof ChatEvent.Restored e) {
            participants.put(e.userId(), participant);
            cancelOfflineTimer(e.userId());
            if (!before.member(e.userId()).map(MemberState::online).orElse(true)) {
                notifyOthers(after, e.userId(), new ChatNotification.Presence(id, e.userId(), true));
            }
        } else if (event instanceof ChatEvent.Offline e) {
            participants.remove(e.userId());
            notifyOthers(after, e.userId(), new ChatNotification.Presence(id, e.userId(), false));
            int epoch = after.member(e.userId()).orElseThrow().offlineEpoch();
            cancelOfflineTimer(e.userId());
            offlineTimers.put(e.userId(), schedule(new ChatCommand.MemberTimeout(e.userId(), epoch),
                    context.options().maxInterval()));
        } else if (event instanceof ChatEvent.Left e) {
            log.info("Chat {}: agent {} left ({})", id, e.userId(), e.reason().wireName());
            before.member(e.userId()).ifPresent(m -> context.registry().removeMember(m.token(), this));
            participants.remove(e.userId());
            cancelOfflineTimer(e.userId());
            ChatNotification.Left left = new ChatNotification.Left(id, e.userId(), e.reason(),
                    after.phase() == Phase.ACTIVE && after.agentCount() == 0 ? Phase.WAITING.visible()
                            : after.phase().visible());
            notifyOthers(after, e.userId(), left);
            record(new TranscriptRecord.Left(id, e.userId(), e.time(), e.reason()));
        } else if (event instanceof ChatEvent.Ended e) {
            log.info("Chat ended. Id: {} Reason: {}", id, e.reason().clientReason());
            waitTimer.dispose();
            offlineTimers.values().forEach(Disposable::dispose);
            offlineTimers.clear();
            if (before.phase() == Phase.WAITING) {
                context.registry().waiting().remove(id, QueueChange.Cause.ENDED);
            }
            ChatNotification.Ended ended = new ChatNotification.Ended(id, e.reason(), e.endTime());
            for (MemberState m : after.members()) {
                context.registry().removeMember(m.token(), this);
                notify(m.userId(), ended);
            }
            participants.clear();
            context.registry().ended(this);
            record(new TranscriptRecord.Ended(id, e.endTime(), e.reason()));
        }
    }

    /** The chat (re)enters the waiting list, and its wait timer starts. */
    private void enterWaitingList(ChatState after) {
        Optional<String> nickname = after.customer().flatMap(c -> c.member().nickname());
        context.registry().waiting().add(new WaitingChat(id, nickname, after.subject(), after.startTime(),
                after.waitingSince()));
        waitTimer.dispose();
        waitTimer = schedule(new ChatCommand.WaitTimeout(after.waitEpoch()), context.options().waitTimeout());
    }

    private void cancelOfflineTimer(int userId) {
        Disposable timer = offlineTimers.remove(userId);
        if (timer != null) {
            timer.dispose();
        }
    }

    /** Every member but {@code userId} that has a connection gets {@code notification}. */
    private void notifyOthers(ChatState state, int userId, ChatNotification notification) {
        for (MemberState m : state.members()) {
            if (m.userId() != userId) {
                notify(m.userId(), notification);
            }
        }
    }

    private void notify(int userId, ChatNotification notification) {
        ChatParticipant p = participants.get(userId);
        if (p != null) {
            outbox.add(new Delivery(p, notification));
        }
    }

    /** Delivers the step's notifications in order (a participant's command from {@code deliver} is only enqueued). */
    private void flushOutbox() {
        if (outbox.isEmpty()) {
            return;
        }
        try {
            for (Delivery d : outbox) {
                try {
                    d.to().deliver(d.notification());
                } catch (RuntimeException e) {
                    log.warn("Chat {}: a participant failed to take {}", id, d.notification().getClass().getSimpleName(), e);
                }
            }
        } finally {
            outbox.clear();
        }
    }

    private Disposable schedule(ChatCommand command, Duration delay) {
        return ActorReplies.schedule(context.scheduler(), () -> tell(command, null, null), delay, command, log, "Chat", id);
    }

    /** Fire and forget: the store buffers and retries; a failure is logged, never waited for. */
    private void record(TranscriptRecord record) {
        try {
            context.transcripts().append(record).subscribe(null, e -> log.warn(
                    "Transcript record {} of chat {} was not stored", record.getClass().getSimpleName(), id, e));
        } catch (RuntimeException e) {
            log.warn("Transcript record {} of chat {} was not stored", record.getClass().getSimpleName(), id, e);
        }
    }

    private void succeed(Envelope envelope, Object value) {
        ActorReplies.succeed(envelope.reply(), value, log, "Chat", id);
    }

    private void fail(Envelope envelope, Throwable error) {
        ActorReplies.fail(envelope.reply(), error, log, "Chat", id);
    }
}
