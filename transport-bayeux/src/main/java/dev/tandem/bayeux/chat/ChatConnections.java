package dev.tandem.bayeux.chat;

import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each Bayeux client is to the chat service: a customer's connection (it started or restored a customer's
 * chat) or an agent's (it signed in as one), never both; which userTokens it holds — a token belongs to the client
 * that got it (start, accept, join) or last restored with it, and only that client may act with it — and, for an
 * agent, its nickname and its waiting-list watcher. Forgotten when the client is removed. Lock-free.
 */
final class ChatConnections {

    /** The member a userToken stands for, on the client that holds it. */
    record Holder(UserToken token, String clientId, ChatId chatId, int userId, ChatRole role,
                  MemberConnection participant) {
        Holder {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(chatId, "chatId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(participant, "participant");
        }
    }

    /** What a client is; immutable, replaced as a whole. An agent's has a watcher, watching or not. */
    record Client(ChatRole role, Optional<String> nickname, QueueWatcher watcher, boolean watching) {
    }

    /** What a removed client left behind. */
    record Removed(List<Holder> holders, Optional<QueueWatcher> watcher) {
    }

    private final ConcurrentHashMap<String, Holder> holderByToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> tokensByClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();

    /** The agent client, if {@code clientId} signed in as one. */
    Optional<Client> agent(String clientId) {
        Client c = clients.get(clientId);
        return c != null && c.role() == ChatRole.AGENT ? Optional.of(c) : Optional.empty();
    }

    /** Makes {@code clientId} a customer's connection; false when it is an agent's. */
    boolean claimCustomer(String clientId) {
        Client c = clients.computeIfAbsent(clientId, k -> new Client(ChatRole.CUSTOMER, Optional.empty(), null, false));
        return c.role() == ChatRole.CUSTOMER;
    }

    /** Signs {@code clientId} in as an agent (again: a new nickname); false when it is a customer's connection. */
    boolean signInAgent(String clientId, Optional<String> nickname, QueueWatcher newWatcher) {
        Client c = clients.compute(clientId, (k, old) -> old == null
                ? new Client(ChatRole.AGENT, nickname, newWatcher, false)
                : old.role() == ChatRole.AGENT ? new Client(ChatRole.AGENT, nickname, old.watcher(), old.watching()) : old);
        return c.role() == ChatRole.AGENT;
    }

    /** Records whether the agent {@code clientId} watches the waiting list. */
    void watching(String clientId, boolean value) {
        clients.computeIfPresent(clientId, (k, old) -> old.role() == ChatRole.AGENT
                ? new Client(old.role(), old.nickname(), old.watcher(), value) : old);
    }

    /** Binds {@code token} to {@code holder}'s client, taking it from any client that held it before. */
    void bind(Holder holder) {
        UserToken token = holder.token();
        Holder previous = holderByToken.put(token.value(), holder);
        if (previous != null && !previous.clientId().equals(holder.clientId())) {
            forget(previous.clientId(), token.value());
        }
        tokensByClient.computeIfAbsent(holder.clientId(), k -> ConcurrentHashMap.newKeySet()).add(token.value());
    }

    /** The member {@code token} stands for, if {@code clientId} holds it. */
    Optional<Holder> held(String clientId, UserToken token) {
        Holder h = holderByToken.get(token.value());
        return h != null && h.clientId().equals(clientId) ? Optional.of(h) : Optional.empty();
    }

    /** Forgets {@code token} if {@code participant} still stands for it (the member left, or its chat ended). */
    void unbind(UserToken token, MemberConnection participant) {
        Holder h = holderByToken.get(token.value());
        if (h != null && h.participant() == participant && holderByToken.remove(token.value(), h)) {
            forget(h.clientId(), token.value());
        }
    }

    /** Forgets {@code clientId}; returns the members it still held and its watcher. */
    Removed removeClient(String clientId) {
        Client client = clients.remove(clientId);
        Set<String> tokens = tokensByClient.remove(clientId);
        List<Holder> holders = new ArrayList<>();
        if (tokens != null) {
            for (String t : tokens) {
                Holder h = holderByToken.get(t);
                if (h != null && h.clientId().equals(clientId) && holderByToken.remove(t, h)) {
                    holders.add(h);
                }
            }
        }
        return new Removed(holders, client == null ? Optional.empty() : Optional.ofNullable(client.watcher()));
    }

    /** Clients known, for tests and diagnostics. */
    int clientCount() {
        return clients.size();
    }

    /** Tokens bound, for tests and diagnostics. */
    int tokenCount() {
        return holderByToken.size();
    }

    private void forget(String clientId, String token) {
        tokensByClient.computeIfPresent(clientId, (k, set) -> {
            set.remove(token);
            return set.isEmpty() ? null : set;
        });
    }
}
