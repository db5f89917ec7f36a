package dev.tandem.core.chat;

import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.ShuttingDownException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.core.WrongRoleException;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The chat service: chats between a customer and one or more agents, one actor per chat. Commands for one chat
 * run one at a time, in order, without locks and without blocking the caller's thread.
 *
 * <p>Lifecycle: a customer {@linkplain #start starts} a chat, which enters the waiting list; an agent
 * {@linkplain #accept accepts} it (the chat becomes active) and more agents may {@linkplain #join join}; members
 * {@linkplain #send post messages} and {@linkplain #typing typing notices}; an agent who {@linkplain #leave leaves}
 * puts the chat back in the waiting list if it was the last; the customer leaving, any member
 * {@linkplain #end ending}, the customer staying away longer than {@link ChatOptions#maxInterval()} or nobody
 * accepting within {@link ChatOptions#waitTimeout()} ends it. A member whose connection went away
 * ({@link #disconnected}) {@linkplain #restore restores} with its userToken within the offline window: after a
 * page load the customer is back in the same chat with the messages it missed.
 *
 * <p>Ordering contract (as the co-browse engine's): the {@link Mono} a command returns completes <em>before</em>
 * the notifications that command causes are delivered.
 *
 * <p>Errors are {@link dev.tandem.core.TandemException}s on the error channel: {@link InvalidRequestException}
 * (too long, empty), {@link WrongRoleException} (an agent sharing a co-browse token), {@link UnknownSessionException}
 * (no such chat or member), {@link SessionEndedException} (the chat ended), {@link ChatTakenException} (accepted by
 * another agent first), {@link CapacityException} (a bound: chats, agents, transcript, message rate, watchers) and
 * {@link ShuttingDownException}. Who may act as an agent is the transport's decision (the engine does not
 * authenticate).
 *
 * <p>Transcripts: every start, join, message, leave and end is appended to the engine's
 * {@link dev.tandem.core.history.TranscriptStore}, without waiting for it.
 */
public interface ChatEngine {

    static ChatEngineBuilder builder() {
        return new ChatEngineBuilder();
    }

    /** A customer starts a chat: it enters the waiting list; the customer is its member 1. */
    Mono<ChatView> start(ChatStartRequest request, ChatParticipant customer);

    /**
     * A member comes back, e.g. after a page load or on a new connection: {@code participant} replaces its old
     * one, its offline timer stops, the others are told it is online, and the answer carries the messages numbered
     * above {@code since} (0 for all).
     */
    Mono<ChatView> restore(ChatId chatId, UserToken userToken, int since, ChatParticipant participant);

    /**
     * An agent takes a waiting chat out of the waiting list and becomes its member; the others are told
     * {@link ChatNotification.Joined}. Fails with {@link ChatTakenException} when the chat is active already.
     */
    Mono<ChatView> accept(ChatId chatId, Optional<String> nickname, ChatParticipant agent);

    /** An agent joins a chat, active or waiting (then it accepts it), e.g. a supervisor or a second agent. */
    Mono<ChatView> join(ChatId chatId, Optional<String> nickname, ChatParticipant agent);

    /** Posts a message; answers it as posted (number, kind, time). */
    Mono<ChatMessage> send(UserToken from, MessageContent content);

    /** The member started or stopped typing; relayed to the others when it changes (see {@code docs/chat.md}). */
    Mono<Void> typing(UserToken from, boolean typing);

    /** The customer leaving ends the chat; an agent leaving leaves it (back to the waiting list if it was the last). */
    Mono<Void> leave(UserToken member);

    /** Ends the chat for everyone. */
    Mono<Void> end(UserToken member);

    /**
     * The member's connection {@code participant} is gone: unless it restored on another one meanwhile, it is marked
     * offline and its {@link ChatOptions#maxInterval()} starts. Unknown tokens are ignored. Returns at once.
     */
    void disconnected(UserToken member, ChatParticipant participant);

    /** The waiting list now. */
    Mono<WaitingList> waiting();

    /**
     * The waiting list now, and from then on every change to {@code listener} (once per listener, however often it
     * asks), until {@link #unwatchWaiting}. At most {@link ChatOptions#maxQueueWatchers()} listeners.
     */
    Mono<WaitingList> watchWaiting(QueueListener listener);

    /** {@code listener} is told nothing more. */
    void unwatchWaiting(QueueListener listener);

    /** The chat the member with this userToken is in, if any (no actor round-trip). */
    Optional<ChatId> chatOf(UserToken userToken);

    /** Live (not yet ended) chats on this node. */
    int liveChats();

    /** The bounds and timeouts this engine runs with (transports tell clients some of them). */
    ChatOptions options();

    /**
     * Ends every live chat with {@link ChatEndReason#SHUTDOWN}, telling their members, and completes when all are
     * done. New starts, accepts, joins and restores are refused from the start of it.
     */
    Mono<Void> shutdown();
}
