package dev.tandem.bayeux.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import dev.tandem.bayeux.SessionListener;
import dev.tandem.bayeux.chat.ChatConnections.Holder;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatParticipant;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.ChatView;
import dev.tandem.core.chat.WaitingList;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The chat binding: the {@code /service/chat/*} request channels answered by a {@link ChatEngine}, its
 * notifications delivered on {@code /service/chat/event} (members) and {@code /service/chat/queue} (agents watching
 * the waiting list), and {@link ChatEngine#disconnected} called for every member a removed Bayeux client held. See
 * {@code docs/chat.md} for every message.
 *
 * <p>Roles are per Bayeux client: one that starts (or restores) a customer's chat is a customer's connection; one
 * that signs in on {@code /service/chat/agent} is an agent's. Only agents' connections list, accept and join chats;
 * a customer's connection cannot sign in as an agent, nor an agent's start a chat ({@code 403}). A userToken belongs
 * to the client that got it or last restored with it; requests with it from any other client get {@code 403}.
 * Agents are not authenticated (nor are co-browse's): put the agent sign-in behind your own authentication before
 * exposing it.
 *
 * <pre>{@code
 * ChatServices.bind(bayeux, ChatEngine.builder().transcriptStore(store).build());
 * }</pre>
 */
public final class ChatServices {
    /** A customer starts a chat. */
    public static final String START = "/service/chat/start";
    /** A member comes back after a page load or reconnection. */
    public static final String RESTORE = "/service/chat/restore";
    /** A connection signs in as an agent. */
    public static final String AGENT = "/service/chat/agent";
    /** An agent lists (and may watch) the waiting list. */
    public static final String LIST = "/service/chat/list";
    /** An agent takes a waiting chat. */
    public static final String ACCEPT = "/service/chat/accept";
    /** An agent joins a chat (conference, supervision). */
    public static final String JOIN = "/service/chat/join";
    /** A member posts a message. */
    public static final String SEND = "/service/chat/send";
    /** A member started or stopped typing. */
    public static final String TYPING = "/service/chat/typing";
    /** A member leaves (the customer leaving ends the chat). */
    public static final String LEAVE = "/service/chat/leave";
    /** A member ends the chat for everyone. */
    public static final String END = "/service/chat/end";
    /** Notifications to members: joined, left, message, typing, presence, ended. */
    public static final String EVENT = "/service/chat/event";
    /** Notifications to watching agents: added, removed. */
    public static final String QUEUE = "/service/chat/queue";

    private static final Logger LOG = LoggerFactory.getLogger(ChatServices.class);

    private final ChatEngine engine;
    private final ChatConnections connections = new ChatConnections();
    private final ObjectNode limits;

    private ChatServices(ChatEngine engine) {
        this.engine = engine;
        this.limits = ChatJson.limits(engine.options());
    }

    /** Registers the chat services and the disconnect listener on {@code server}. */
    public static ChatServices bind(BayeuxServer server, ChatEngine engine) {
        Objects.requireNonNull(server, "server");
        ChatServices services = new ChatServices(Objects.requireNonNull(engine, "engine"));
        server.addService(START, services::start);
        server.addService(RESTORE, services::restore);
        server.addService(AGENT, services::agent);
        server.addService(LIST, services::list);
        server.addService(ACCEPT, req -> services.enter(req, "accept", engine::accept));
        server.addService(JOIN, req -> services.enter(req, "join", engine::join));
        server.addService(SEND, services::send);
        server.addService(TYPING, services::typing);
        server.addService(LEAVE, req -> services.leaveOrEnd(req, "leave", engine::leave));
        server.addService(END, req -> services.leaveOrEnd(req, "end", engine::end));
        server.addSessionListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                services.clientRemoved(session);
            }
        });
        return services;
    }

    private Mono<ServiceReply> start(ServiceRequest req) {
        ServerSession session = req.session();
        return answer(Mono.defer(() -> {
            var start = ChatRequests.start(req.data());
            if (!connections.claimCustomer(session.id())) {
                return Mono.just(ChatErrors.forbidden("This connection signed in as an agent; agents accept chats,"
                        + " they do not start them. Start the customer's chat on another connection"));
            }
            if (session.isRemoved()) {
                clientRemoved(session); // removed meanwhile: forget the claim; the start goes on and is bound below
            }
            MemberConnection participant = new MemberConnection(session, connections);
            return engine.start(start, participant).map(view -> bound(session, view, participant));
        }));
    }

    private Mono<ServiceReply> restore(ServiceRequest req) {
        ServerSession session = req.session();
        return answer(Mono.defer(() -> {
            ChatRequests.Restore restore = ChatRequests.restore(req.data());
            MemberConnection participant = new MemberConnection(session, connections);
            return engine.restore(restore.chatId(), restore.userToken(), restore.since(), participant).map(view -> {
                // Runs before the engine hands this restore's notifications to anyone.
                boolean fits = view.role() == ChatRole.AGENT ? connections.agent(session.id()).isPresent()
                        : connections.claimCustomer(session.id());
                if (!fits) {
                    engine.disconnected(view.userToken(), participant); // it restored here: mark it offline again
                    return ChatErrors.forbidden(view.role() == ChatRole.AGENT
                            ? "This userToken is an agent's: sign in on /service/chat/agent on this connection, then restore"
                            : "This userToken is a customer's, and this connection signed in as an agent; restore it on"
                            + " the customer's own connection");
                }
                return bound(session, view, participant);
            });
        }));
    }

    private Mono<ServiceReply> agent(ServiceRequest req) {
        ServerSession session = req.session();
        return answer(Mono.fromSupplier(() -> {
            Optional<String> nickname = ChatRequests.agent(req.data()).map(String::strip).filter(n -> !n.isEmpty());
            int max = engine.options().maxNicknameLength();
            if (nickname.isPresent() && nickname.get().length() > max) {
                throw new InvalidRequestException("'nickname' is " + nickname.get().length() + " characters long; at most "
                        + max + " are accepted");
            }
            if (!connections.signInAgent(session.id(), nickname, new QueueWatcher(session))) {
                return ChatErrors.forbidden("This connection is a customer's (it started or restored a customer's"
                        + " chat); sign in as an agent on another connection");
            }
            if (session.isRemoved()) {
                clientRemoved(session);
            }
            ObjectNode data = ChatJson.envelope();
            nickname.ifPresent(n -> data.put("nickname", n));
            data.set("limits", limits);
            return ServiceReply.ok(data);
        }));
    }

    private Mono<ServiceReply> list(ServiceRequest req) {
        ServerSession session = req.session();
        return answer(Mono.defer(() -> {
            Optional<Boolean> watch = ChatRequests.list(req.data());
            ChatConnections.Client agent = connections.agent(session.id()).orElse(null);
            if (agent == null) {
                return Mono.just(notAgent("list waiting chats"));
            }
            boolean watching = watch.orElse(agent.watching());
            Mono<WaitingList> list;
            if (watch.isPresent() && watching) {
                list = engine.watchWaiting(agent.watcher());
            } else {
                if (watch.isPresent()) {
                    engine.unwatchWaiting(agent.watcher());
                }
                list = engine.waiting();
            }
            return list.map(l -> {
                connections.watching(session.id(), watching);
                if (session.isRemoved()) {
                    clientRemoved(session);
                }
                return ServiceReply.ok(ChatJson.waiting(l, watching));
            });
        }));
    }

    /** accept or join: the agent's connection enters the chat. */
    private Mono<ServiceReply> enter(ServiceRequest req, String command, Enter action) {
        ServerSession session = req.session();
        return answer(Mono.defer(() -> {
            var chatId = ChatRequests.chatId(req.data(), command);
            ChatConnections.Client agent = connections.agent(session.id()).orElse(null);
            if (agent == null) {
                return Mono.just(notAgent(command + " chats"));
            }
            MemberConnection participant = new MemberConnection(session, connections);
            return action.enter(chatId, agent.nickname(), participant).map(view -> bound(session, view, participant));
        }));
    }

    /** {@link ChatEngine#accept} or {@link ChatEngine#join}. */
    @FunctionalInterface
    private interface Enter {
        Mono<ChatView> enter(ChatId chatId, Optional<String> nickname, ChatParticipant agent);
    }

    private Mono<ServiceReply> send(ServiceRequest req) {
        return answer(Mono.defer(() -> {
            ChatRequests.Send send = ChatRequests.send(req.data());
            return withHeld(req, send.userToken(), holder -> engine.send(send.userToken(), send.content())
                    .map(m -> ServiceReply.ok(ChatJson.posted(m))));
        }));
    }

    private Mono<ServiceReply> typing(ServiceRequest req) {
        return answer(Mono.defer(() -> {
            ChatRequests.Typing typing = ChatRequests.typing(req.data());
            return withHeld(req, typing.userToken(), holder -> engine.typing(typing.userToken(), typing.typing())
                    .then(Mono.fromSupplier(() -> ServiceReply.ok(ChatJson.envelope()))));
        }));
    }

    private Mono<ServiceReply> leaveOrEnd(ServiceRequest req, String command, Function<UserToken, Mono<Void>> action) {
        return answer(Mono.defer(() -> {
            UserToken token = ChatRequests.member(req.data(), command);
            return withHeld(req, token, holder -> action.apply(token).then(Mono.fromSupplier(() -> {
                connections.unbind(token, holder.participant());
                return ServiceReply.ok(ChatJson.envelope());
            })));
        }));
    }

    private Mono<ServiceReply> withHeld(ServiceRequest req, UserToken token, Function<Holder, Mono<ServiceReply>> action) {
        Holder holder = connections.held(req.session().id(), token).orElse(null);
        if (holder == null) {
            return Mono.just(ChatErrors.forbidden("This userToken is not held by this connection: restore the chat"
                    + " with it (/service/chat/restore) on this connection, then retry"));
        }
        return action.apply(holder);
    }

    /** Binds the member the engine answered to {@code session}, and answers its view. */
    private ServiceReply bound(ServerSession session, ChatView view, MemberConnection participant) {
        // Runs before the engine hands this command's notifications to anyone.
        connections.bind(new Holder(view.userToken(), session.id(), view.chatId(), view.userId(), view.role(), participant));
        participant.bound(view.userToken());
        if (session.isRemoved()) {
            clientRemoved(session);
        }
        return ServiceReply.ok(ChatJson.view(view, limits));
    }

    private static ServiceReply notAgent(String what) {
        return ChatErrors.forbidden("Only agents may " + what + ": sign in on /service/chat/agent on this connection"
                + " first (a customer's connection cannot)");
    }

    private static Mono<ServiceReply> answer(Mono<ServiceReply> work) {
        return work.onErrorResume(e -> Mono.just(ChatErrors.reply(e)));
    }

    private void clientRemoved(ServerSession session) {
        ChatConnections.Removed removed = connections.removeClient(session.id());
        removed.watcher().ifPresent(engine::unwatchWaiting);
        for (Holder h : removed.holders()) {
            engine.disconnected(h.token(), h.participant());
        }
        if (!removed.holders().isEmpty()) {
            LOG.debug("Chat connection {} removed; {} members offline", session.id(), removed.holders().size());
        }
    }
}
