package dev.tandem.core.chat.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.SessionToken;
import dev.tandem.core.TandemException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.core.WrongRoleException;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMember;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatOptions;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.ChatTakenException;
import dev.tandem.core.chat.ChatView;
import dev.tandem.core.chat.LeaveReason;
import dev.tandem.core.chat.MessageContent;
import dev.tandem.core.chat.MessageKind;
import dev.tandem.core.chat.internal.ChatState.MemberState;
import dev.tandem.core.chat.internal.ChatState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code decide(command, state, now) → decision}: a chat's rules, pure. The same command, state and time always
 * give an equal decision; nothing here reads a clock, draws a random number or touches anything outside its
 * arguments.
 */
final class ChatDecider {
    /** A typing start is relayed at most this often per member (a stop always, when it changes anything). */
    static final long TYPING_MIN_GAP_MS = 1_000;
    /** The seed's {@code {start:<TOKEN>}}; spaces and JSON-style quotes tolerated. */
    private static final Pattern START_FORM = Pattern.compile("\\s*\\{\\s*\"?start\"?\\s*:\\s*\"?(\\d{9})\"?\\s*}\\s*");

    private final ChatOptions options;

    ChatDecider(ChatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    ChatDecision decide(ChatCommand command, ChatState state, long now) {
        try {
            return decideOrThrow(command, state, now);
        } catch (InvalidRequestException e) {
            return ChatDecision.reject(e);
        }
    }

    private ChatDecision decideOrThrow(ChatCommand command, ChatState state, long now) {
        if (command instanceof ChatCommand.Send c) {
            return send(c, state, now);
        }
        if (command instanceof ChatCommand.Typing c) {
            return typing(c, state, now);
        }
        if (command instanceof ChatCommand.Start c) {
            return start(c, state, now);
        }
        if (command instanceof ChatCommand.Restore c) {
            return restore(c, state);
        }
        if (command instanceof ChatCommand.Enter c) {
            return enter(c, state, now);
        }
        if (command instanceof ChatCommand.Leave c) {
            return leave(c, state, now);
        }
        if (command instanceof ChatCommand.End c) {
            return end(c, state, now);
        }
        if (command instanceof ChatCommand.Disconnect c) {
            return state.isOpen() ? state.member(c.token()).filter(MemberState::online)
                    .map(m -> ChatDecision.accept(List.of(new ChatEvent.Offline(m.userId())), null))
                    .orElseGet(ChatDecision::nothing) : ChatDecision.nothing();
        }
        if (command instanceof ChatCommand.WaitTimeout c) {
            return state.phase() == Phase.WAITING && c.epoch() == state.waitEpoch()
                    ? ended(now, ChatEndReason.WAIT_TIMEOUT) : ChatDecision.nothing();
        }
        if (command instanceof ChatCommand.MemberTimeout c) {
            return memberTimeout(c, state, now);
        }
        if (command instanceof ChatCommand.Shutdown) {
            return state.isOpen() ? ended(now, ChatEndReason.SHUTDOWN) : ChatDecision.nothing();
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    private ChatDecision start(ChatCommand.Start c, ChatState state, long now) {
        if (state.phase() != Phase.PENDING) {
            return ChatDecision.reject(new TandemException("Chat " + state.id() + " was already started"));
        }
        Optional<String> nickname = name(c.request().nickname(), "nickname", options.maxNicknameLength());
        Optional<String> subject = name(c.request().subject(), "subject", options.maxSubjectLength());
        ChatMember customer = new ChatMember(1, ChatRole.CUSTOMER, nickname, true);
        List<ChatEvent> events = List.of(new ChatEvent.Started(now, subject, customer, c.token()));
        return ChatDecision.accept(events, view(ChatEvolver.evolveAll(state, events), 1, 0));
    }

    private static ChatDecision restore(ChatCommand.Restore c, ChatState state) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent()) {
            return ChatDecision.reject(closed.get());
        }
        if (c.since() < 0) {
            return ChatDecision.reject(new InvalidRequestException("'since' must be 0 or the number of the last "
                    + "message you have, got " + c.since()));
        }
        MemberState member = state.member(c.token()).orElse(null);
        if (member == null) {
            return ChatDecision.reject(new UnknownSessionException("No member of chat " + state.id()
                    + " has this userToken (it left, or the token belongs to another chat); start a new chat"));
        }
        List<ChatEvent> events = List.of(new ChatEvent.Restored(member.userId()));
        return ChatDecision.accept(events, view(ChatEvolver.evolveAll(state, events), member.userId(), c.since()));
    }

    private ChatDecision enter(ChatCommand.Enter c, ChatState state, long now) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent()) {
            return ChatDecision.reject(closed.get());
        }
        if (c.waitingOnly() && state.phase() == Phase.ACTIVE) {
            return ChatDecision.reject(new ChatTakenException("Chat " + state.id() + " was accepted by another agent and"
                    + " is no longer waiting; pick another chat, or join this one to take part too"));
        }
        if (state.agentCount() >= options.maxAgents()) {
            return ChatDecision.reject(new CapacityException("Chat " + state.id() + " has its maximum of "
                    + options.maxAgents() + " agents; ask one to leave, then join again"));
        }
        Optional<String> nickname = name(c.nickname(), "nickname", options.maxNicknameLength());
        ChatMember agent = new ChatMember(state.nextUserId(), ChatRole.AGENT, nickname, true);
        List<ChatEvent> events = new ArrayList<>(2);
        events.add(new ChatEvent.Joined(agent, c.newToken(), now));
        if (state.phase() == Phase.WAITING) {
            events.add(new ChatEvent.Accepted(now));
        }
        return ChatDecision.accept(events, view(ChatEvolver.evolveAll(state, events), agent.userId(), 0));
    }

    private ChatDecision send(ChatCommand.Send c, ChatState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.token());
        if (refused.isPresent()) {
            return ChatDecision.reject(refused.get());
        }
        MemberState member = state.member(c.token()).orElseThrow();
        MessageKind kind;
        String text;
        Optional<SessionToken> token;
        if (c.content() instanceof MessageContent.Cobrowse cobrowse) {
            if (member.role() != ChatRole.CUSTOMER) {
                return ChatDecision.reject(new WrongRoleException("Only the customer shares a co-browse session in a"
                        + " chat; an agent joins the session the customer shares"));
            }
            kind = MessageKind.COBROWSE;
            token = Optional.of(cobrowse.token());
            text = ChatMessage.startForm(cobrowse.token());
        } else {
            String typed = ((MessageContent.Text) c.content()).text();
            if (typed.isBlank()) {
                return ChatDecision.reject(new InvalidRequestException("'text' is empty: send some text"));
            }
            if (typed.length() > options.maxMessageLength()) {
                return ChatDecision.reject(new InvalidRequestException("A message of " + typed.length()
                        + " characters exceeds the limit of " + options.maxMessageLength() + "; send a shorter one"));
            }
            Matcher start = START_FORM.matcher(typed);
            if (member.role() == ChatRole.CUSTOMER && start.matches()) {
                kind = MessageKind.COBROWSE;
                token = Optional.of(new SessionToken(start.group(1)));
                text = ChatMessage.startForm(token.get());
            } else {
                kind = MessageKind.TEXT;
                token = Optional.empty();
                text = typed;
            }
        }
        if (state.messages().size() >= options.maxMessages()) {
            return ChatDecision.reject(new CapacityException("Chat " + state.id() + " holds its maximum of "
                    + options.maxMessages() + " messages; end it and start a new chat to go on"));
        }
        if (state.transcriptChars() + text.length() > options.maxTranscriptChars()) {
            return ChatDecision.reject(new CapacityException("Chat " + state.id() + " holds its maximum of "
                    + options.maxTranscriptChars() + " characters of messages; end it and start a new chat to go on"));
        }
        List<Long> recent = member.recentSends();
        int burst = options.messageBurst();
        if (recent.size() >= burst && now - recent.get(recent.size() - burst) < options.messageWindow().toMillis()) {
            return ChatDecision.reject(new CapacityException("Too many messages: at most " + burst + " in "
                    + options.messageWindow().toSeconds() + " s per member; wait a moment, then send again"));
        }
        ChatMessage message = new ChatMessage(state.messages().size() + 1, member.userId(), kind, text, token, now);
        return ChatDecision.accept(List.of(new ChatEvent.Posted(message, burst)), message);
    }

    private static ChatDecision typing(ChatCommand.Typing c, ChatState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.token());
        if (refused.isPresent()) {
            return ChatDecision.reject(refused.get());
        }
        MemberState member = state.member(c.token()).orElseThrow();
        if (c.typing() == member.typing()) {
            return ChatDecision.nothing();
        }
        if (c.typing() && member.typingTime() != Long.MIN_VALUE && now - member.typingTime() < TYPING_MIN_GAP_MS) {
            return ChatDecision.nothing();
        }
        return ChatDecision.accept(List.of(new ChatEvent.TypingRelayed(member.userId(), c.typing(), now)), null);
    }

    private static ChatDecision leave(ChatCommand.Leave c, ChatState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.token());
        if (refused.isPresent()) {
            return ChatDecision.reject(refused.get());
        }
        MemberState member = state.member(c.token()).orElseThrow();
        if (member.role() == ChatRole.CUSTOMER) {
            return ended(now, ChatEndReason.CUSTOMER_LEFT);
        }
        return ChatDecision.accept(agentLeaves(state, member, LeaveReason.LEFT, now), null);
    }

    private static ChatDecision end(ChatCommand.End c, ChatState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.token());
        if (refused.isPresent()) {
            return ChatDecision.reject(refused.get());
        }
        ChatRole role = state.member(c.token()).orElseThrow().role();
        return ended(now, role == ChatRole.CUSTOMER ? ChatEndReason.CUSTOMER_LEFT : ChatEndReason.AGENT_ENDED);
    }

    private static ChatDecision memberTimeout(ChatCommand.MemberTimeout c, ChatState state, long now) {
        MemberState member = state.member(c.userId()).orElse(null);
        if (!state.isOpen() || member == null || member.online() || member.offlineEpoch() != c.epoch()) {
            return ChatDecision.nothing();
        }
        if (member.role() == ChatRole.CUSTOMER) {
            return ended(now, ChatEndReason.CUSTOMER_TIMEOUT);
        }
        return ChatDecision.accept(agentLeaves(state, member, LeaveReason.TIMEOUT, now), null);
    }

    /** The agent goes; when it was the last one of an active chat, the chat goes back to the waiting list. */
    private static List<ChatEvent> agentLeaves(ChatState state, MemberState agent, LeaveReason reason, long now) {
        ChatEvent left = new ChatEvent.Left(agent.userId(), reason, now);
        return state.agentCount() == 1 && state.phase() == Phase.ACTIVE
                ? List.of(left, new ChatEvent.Requeued(now)) : List.of(left);
    }

    private static ChatDecision ended(long now, ChatEndReason reason) {
        return ChatDecision.accept(List.of(new ChatEvent.Ended(now, reason)), null);
    }

    /** The member's view of {@code state}. */
    static ChatView view(ChatState state, int userId, int since) {
        MemberState m = state.member(userId).orElseThrow();
        return new ChatView(state.id(), m.token(), m.userId(), m.role(), state.phase().visible(), state.subject(),
                state.startTime(), state.publicMembers(), state.messagesAfter(since));
    }

    /** A nickname or subject: trimmed, empty meaning none, bounded, no control characters. */
    private static Optional<String> name(Optional<String> value, String field, int max) {
        if (value.isEmpty()) {
            return value;
        }
        String v = value.get().strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() > max) {
            throw new InvalidRequestException("'" + field + "' is " + v.length() + " characters long; at most " + max
                    + " are accepted");
        }
        if (v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("'" + field + "' must not contain control characters (line breaks, tabs…)");
        }
        return Optional.of(v);
    }

    private static Optional<TandemException> closed(ChatState state) {
        if (state.phase() == Phase.PENDING) {
            return Optional.of(unknownChat(state.id()));
        }
        if (state.phase() == Phase.ENDED) {
            return Optional.of(ended(state.id()));
        }
        return Optional.empty();
    }

    private static Optional<TandemException> closedOrNotMember(ChatState state, UserToken token) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent() || state.member(token).isPresent()) {
            return closed;
        }
        return Optional.of(unknownMember());
    }

    static UnknownSessionException unknownChat(ChatId id) {
        return new UnknownSessionException("No live chat has id " + id + "; it never existed on this server, or it"
                + " ended long ago: start a new chat");
    }

    static SessionEndedException ended(ChatId id) {
        return new SessionEndedException("Chat " + id + " has ended; start a new chat");
    }

    static UnknownSessionException unknownMember() {
        return new UnknownSessionException("No live chat has a member with this userToken: the chat ended, you left"
                + " it, or the token is not one the server gave; start a new chat");
    }
}
