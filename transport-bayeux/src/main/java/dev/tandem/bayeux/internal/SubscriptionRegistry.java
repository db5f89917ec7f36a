package dev.tandem.bayeux.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which clients subscribed to which broadcast channel patterns. Thread-safe. */
final class SubscriptionRegistry {
    private final ConcurrentHashMap<String, Set<ClientSessionImpl>> byPattern = new ConcurrentHashMap<>();

    void subscribe(String pattern, ClientSessionImpl client) {
        byPattern.computeIfAbsent(pattern, k -> ConcurrentHashMap.newKeySet()).add(client);
        client.addSubscription(pattern);
    }

    void unsubscribe(String pattern, ClientSessionImpl client) {
        client.removeSubscription(pattern);
        byPattern.computeIfPresent(pattern, (k, set) -> {
            set.remove(client);
            return set.isEmpty() ? null : set;
        });
    }

    void unsubscribeAll(ClientSessionImpl client) {
        for (String pattern : client.subscriptions()) {
            unsubscribe(pattern, client);
        }
    }

    /** The clients subscribed to {@code channel} directly or through a wildcard, each once. */
    Set<ClientSessionImpl> subscribers(String channel) {
        Set<ClientSessionImpl> out = new LinkedHashSet<>();
        for (String pattern : Channels.matchingPatterns(channel)) {
            Set<ClientSessionImpl> set = byPattern.get(pattern);
            if (set != null) {
                out.addAll(set);
            }
        }
        return out;
    }
}
