package dev.tandem.core.internal;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Keys of recently ended sessions (co-browse session tokens, chat ids), so that a late request hears "has
 * ended" rather than "unknown". Bounded in count and in time: an entry is forgotten after {@code ttlMillis}
 * or when more than {@code capacity} newer ones were remembered. Lock-free; one thread at a time evicts.
 *
 * @param <K> the key
 */
public final class RecentlyEnded<K> {
    private record Entry<K>(K token, long endedAt) {
    }

    private final Map<K, Long> endedAt = new ConcurrentHashMap<>();
    private final Queue<Entry<K>> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean evicting = new AtomicBoolean();
    private final long ttlMillis;
    private final int capacity;
    private final LongSupplier clock;

    public RecentlyEnded(long ttlMillis, int capacity, LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.capacity = capacity;
        this.clock = clock;
    }

    public void remember(K token) {
        long now = clock.getAsLong();
        endedAt.put(token, now);
        order.offer(new Entry<>(token, now));
        size.incrementAndGet();
        evict(now);
    }

    public boolean contains(K token) {
        Long at = endedAt.get(token);
        if (at == null) {
            return false;
        }
        long now = clock.getAsLong();
        if (now - at >= ttlMillis) {
            evict(now);
            return false;
        }
        return true;
    }

    /** Entries held, for tests and diagnostics. */
    public int size() {
        return endedAt.size();
    }

    private void evict(long now) {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        try {
            Entry<K> head;
            while ((head = order.peek()) != null && (size.get() > capacity || now - head.endedAt() >= ttlMillis)) {
                order.poll();
                size.decrementAndGet();
                endedAt.remove(head.token(), head.endedAt());
            }
        } finally {
            evicting.set(false);
        }
    }
}
