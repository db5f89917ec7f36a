package dev.tandem.bayeux.cobrowse;

import dev.tandem.core.Role;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Bayeux client holds which userToken: the client that joined, or last resumed, with it. Only that
 * client may act with the token; when it is removed the engine is told the member disconnected. Each binding
 * also remembers who the member is (role, userId, session), as its join told, so that requests can be routed
 * and refused without asking the engine.
 */
final class TokenBindings {
    /** The member a userToken stands for, as its (last) join answered. */
    record Holder(String clientId, Role role, int userId, SessionToken session) {
        Holder {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(session, "session");
        }

        boolean isMaster() {
            return role == Role.MASTER;
        }
    }

    private final ConcurrentHashMap<String, Holder> holderByToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> tokensByClient = new ConcurrentHashMap<>();

    /** Binds {@code token} to {@code holder}'s client, taking it from any client that held it before. */
    void bind(UserToken token, Holder holder) {
        Holder previous = holderByToken.put(token.value(), holder);
        if (previous != null && !previous.clientId().equals(holder.clientId())) {
            tokensByClient.computeIfPresent(previous.clientId(), (k, set) -> {
                set.remove(token.value());
                return set.isEmpty() ? null : set;
            });
        }
        tokensByClient.computeIfAbsent(holder.clientId(), k -> ConcurrentHashMap.newKeySet()).add(token.value());
    }

    /** The member {@code token} stands for, if {@code clientId} holds it. */
    Optional<Holder> held(String clientId, UserToken token) {
        Holder h = holderByToken.get(token.value());
        return h != null && h.clientId().equals(clientId) ? Optional.of(h) : Optional.empty();
    }

    boolean owns(String clientId, UserToken token) {
        return held(clientId, token).isPresent();
    }

    void unbind(UserToken token, String clientId) {
        Holder h = holderByToken.get(token.value());
        if (h != null && h.clientId().equals(clientId) && holderByToken.remove(token.value(), h)) {
            tokensByClient.computeIfPresent(clientId, (k, set) -> {
                set.remove(token.value());
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Forgets {@code clientId}; returns the tokens it still held. */
    List<UserToken> removeClient(String clientId) {
        Set<String> tokens = tokensByClient.remove(clientId);
        if (tokens == null) {
            return List.of();
        }
        return tokens.stream()
                .filter(t -> {
                    Holder h = holderByToken.get(t);
                    return h != null && h.clientId().equals(clientId) && holderByToken.remove(t, h);
                })
                .map(UserToken::new)
                .toList();
    }
}
