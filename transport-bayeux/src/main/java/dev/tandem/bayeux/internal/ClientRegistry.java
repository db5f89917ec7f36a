package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.SessionListener;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live clients: creation with unguessable ids, lookup, removal (telling listeners), expiry sweeping, and
 * the long-polling slots per browser behind CometD's {@code multiple-clients} advice. Thread-safe.
 */
final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);
    private static final int ID_BYTES = 20;

    private final BayeuxContext ctx;
    private final ConcurrentHashMap<String, ClientSessionImpl> clients = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<String>> browserSlots = new ConcurrentHashMap<>();
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private final SecureRandom random;

    ClientRegistry(BayeuxContext ctx) {
        this.ctx = ctx;
        this.random = newRandom();
    }

    /**
     * A DRBG seeded here, once, so that generating ids later is pure computation on the event loop (the
     * platform default may read {@code /dev/urandom} on every call).
     */
    private static SecureRandom newRandom() {
        SecureRandom r;
        try {
            r = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            r = new SecureRandom();
        }
        r.nextBytes(new byte[ID_BYTES]);
        return r;
    }

    /** A new unguessable id: 160 random bits, URL-safe base64. */
    String newId() {
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    /** A new client, or null when {@code maxClients} are already connected. */
    ClientSessionImpl create(String browserId, boolean ack) {
        if (count.incrementAndGet() > ctx.options.maxClients()) {
            count.decrementAndGet();
            return null;
        }
        ClientSessionImpl client = new ClientSessionImpl(newId(), browserId, ack, ctx);
        clients.put(client.id(), client);
        for (SessionListener l : listeners) {
            try {
                l.added(client);
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed on added({})", client, e);
            }
        }
        return client;
    }

    ClientSessionImpl find(String id) {
        return id == null ? null : clients.get(id);
    }

    Collection<ClientSessionImpl> all() {
        return clients.values();
    }

    int size() {
        return count.get();
    }

    /** Removes a client (once), answers its held connect, drops its subscriptions and tells the listeners. */
    void remove(ClientSessionImpl client, RemovalReason reason) {
        HeldConnect.Release release = switch (reason) {
            case DISCONNECTED -> HeldConnect.Release.DISCONNECTED;
            case OVERFLOW -> HeldConnect.Release.OVERFLOW;
            case EXPIRED, SHUTDOWN -> HeldConnect.Release.GONE;
        };
        if (!client.terminate(release)) {
            return;
        }
        if (clients.remove(client.id(), client)) {
            count.decrementAndGet();
        }
        ctx.subscriptions.unsubscribeAll(client);
        ctx.metrics.removed(reason);
        LOG.debug("Removed {}: {}", client, reason);
        for (SessionListener l : listeners) {
            try {
                l.removed(client, reason);
            } catch (RuntimeException e) {
                LOG.warn("Session listener failed on removed({}, {})", client, reason, e);
            }
        }
    }

    /** Removes every client that stopped connecting. */
    void sweep() {
        long now = ctx.now();
        for (ClientSessionImpl c : clients.values()) {
            if (c.isExpired(now)) {
                remove(c, RemovalReason.EXPIRED);
            }
        }
    }

    /** Takes one of the browser's long-polling slots for {@code clientId}; false when all are taken by others. */
    boolean acquireBrowserSlot(String browserId, String clientId) {
        boolean[] ok = {false};
        browserSlots.compute(browserId, (k, set) -> {
            Set<String> s = set != null ? set : ConcurrentHashMap.newKeySet();
            if (s.contains(clientId) || s.size() < ctx.options.maxSessionsPerBrowser()) {
                s.add(clientId);
                ok[0] = true;
            }
            return s;
        });
        return ok[0];
    }

    void releaseBrowserSlot(String browserId, String clientId) {
        browserSlots.computeIfPresent(browserId, (k, set) -> {
            set.remove(clientId);
            return set.isEmpty() ? null : set;
        });
    }
}
