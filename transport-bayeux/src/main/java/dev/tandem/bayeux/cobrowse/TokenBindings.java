package dev.tandem.bayeux.cobrowse;

import dev.tandem.core.UserToken;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Bayeux client holds which userToken: the client that joined, or last resumed, with it. Only that
 * client may act with the token; when it is removed the engine is told the member disconnected.
 */
final class TokenBindings {
    private final ConcurrentHashMap<String, String> ownerByToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> tokensByClient = new ConcurrentHashMap<>();

    /** Binds {@code token} to {@code clientId}, taking it from any client that held it before. */
    void bind(UserToken token, String clientId) {
        String previous = ownerByToken.put(token.value(), clientId);
        if (previous != null && !previous.equals(clientId)) {
            tokensByClient.computeIfPresent(previous, (k, set) -> {
                set.remove(token.value());
                return set.isEmpty() ? null : set;
            });
        }
        tokensByClient.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(token.value());
    }

    boolean owns(String clientId, UserToken token) {
        return clientId.equals(ownerByToken.get(token.value()));
    }

    void unbind(UserToken token, String clientId) {
        if (ownerByToken.remove(token.value(), clientId)) {
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
                .filter(t -> ownerByToken.remove(t, clientId))
                .map(UserToken::new)
                .toList();
    }
}
