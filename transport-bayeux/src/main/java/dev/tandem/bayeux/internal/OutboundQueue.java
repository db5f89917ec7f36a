package dev.tandem.bayeux.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One client's bounded queue of messages waiting for delivery, with the {@code ack} extension's book-keeping:
 * in ack mode, messages sent with the connect reply of batch {@code n} stay (counted against the bounds)
 * until the client acknowledges batch {@code n}, and go back to the front of the queue when the client
 * acknowledges an earlier batch (it did not receive batch {@code n}). Not thread-safe: guarded by its client.
 *
 * <p>Every handshaken client has one, and most of the time it is empty: its deques are made when a message
 * comes and dropped when they empty again (so an idle client costs no deque, and one that once queued a
 * burst does not keep the grown array).
 */
final class OutboundQueue {
    private record Entry(Encoded message, long batch) {
    }

    private final int maxMessages;
    private final long maxBytes;
    private static final int INITIAL_CAPACITY = 8;
    private ArrayDeque<Entry> pending;
    private ArrayDeque<Entry> unacked;
    private int count;
    private long bytes;
    private long batch;

    OutboundQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Adds a message; false (and nothing added) when either bound would be exceeded. */
    boolean offer(Encoded message) {
        int length = message.json().length;
        if (count + 1 > maxMessages || bytes + length > maxBytes) {
            return false;
        }
        pending().addLast(new Entry(message, 0));
        count++;
        bytes += length;
        return true;
    }

    boolean hasPending() {
        return pending != null && !pending.isEmpty();
    }

    private ArrayDeque<Entry> pending() {
        if (pending == null) {
            pending = new ArrayDeque<>(INITIAL_CAPACITY);
        }
        return pending;
    }

    /** Removes and returns up to {@code maxCount} pending messages of at most about {@code maxSize} bytes (at least one). */
    List<Encoded> poll(int maxCount, long maxSize) {
        if (!hasPending()) {
            return List.of();
        }
        List<Encoded> out = new ArrayList<>(Math.min(maxCount, pending.size()));
        long size = 0;
        while (!pending.isEmpty() && out.size() < maxCount) {
            Entry e = pending.peekFirst();
            int length = e.message().json().length;
            if (!out.isEmpty() && size + length > maxSize) {
                break;
            }
            pending.pollFirst();
            out.add(e.message());
            size += length;
            count--;
            bytes -= length;
        }
        if (pending.isEmpty()) {
            pending = null;
        }
        return out;
    }

    /**
     * Ack mode: takes up to {@code maxCount} pending messages as the next batch, keeping them as unacknowledged.
     * The batch number grows only when messages are taken; {@link #batch()} tells the number to send.
     */
    List<Encoded> takeBatch(int maxCount, long maxSize) {
        if (!hasPending()) {
            return new ArrayList<>(0);
        }
        List<Encoded> out = new ArrayList<>(Math.min(maxCount, pending.size()));
        if (unacked == null) {
            unacked = new ArrayDeque<>(INITIAL_CAPACITY);
        }
        long number = ++batch;
        long size = 0;
        while (!pending.isEmpty() && out.size() < maxCount) {
            Entry e = pending.peekFirst();
            int length = e.message().json().length;
            if (!out.isEmpty() && size + length > maxSize) {
                break;
            }
            pending.pollFirst();
            unacked.addLast(new Entry(e.message(), number));
            out.add(e.message());
            size += length;
        }
        if (pending.isEmpty()) {
            pending = null;
        }
        return out;
    }

    /** The number of the last batch taken (0 before the first). */
    long batch() {
        return batch;
    }

    /**
     * The client received every batch up to {@code acked}: forget those; messages of later batches were not
     * received and are queued again, in order, ahead of newer ones.
     */
    void acknowledge(long acked) {
        if (unacked == null) {
            return;
        }
        Iterator<Entry> it = unacked.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.batch() <= acked) {
                it.remove();
                count--;
                bytes -= e.message().json().length;
            }
        }
        while (!unacked.isEmpty()) {
            Entry e = unacked.pollLast();
            pending().addFirst(new Entry(e.message(), 0));
        }
        unacked = null;
    }

    int size() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    int unackedSize() {
        return unacked == null ? 0 : unacked.size();
    }
}
