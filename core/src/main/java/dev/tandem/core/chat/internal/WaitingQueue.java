package dev.tandem.core.chat.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.QueueChange;
import dev.tandem.core.chat.QueueListener;
import dev.tandem.core.chat.WaitingChat;
import dev.tandem.core.chat.WaitingList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting list of one engine and the agents watching it. Changes are rare next to messages (a chat enters and
 * leaves it a few times in its life), so one monitor guards it: each change gets the next number and is told to
 * every watcher inside the monitor, so watchers see the changes in their order, and a snapshot with its number
 * never straddles a change. Listeners are non-blocking by contract.
 */
final class WaitingQueue {
    private static final Logger log = LoggerFactory.getLogger(WaitingQueue.class);

    // Insertion order is waiting order: a requeued chat enters at the end.
    private final Map<ChatId, WaitingChat> chats = new LinkedHashMap<>();
    private final List<QueueListener> watchers = new ArrayList<>();
    private final int maxWatchers;
    private long seq;

    WaitingQueue(int maxWatchers) {
        this.maxWatchers = maxWatchers;
    }

    synchronized void add(WaitingChat chat) {
        chats.remove(chat.chatId());
        chats.put(chat.chatId(), chat);
        tell(new QueueChange.Added(++seq, chat));
    }

    synchronized void remove(ChatId id, QueueChange.Cause cause) {
        if (chats.remove(id) != null) {
            tell(new QueueChange.Removed(++seq, id, cause));
        }
    }

    synchronized WaitingList snapshot() {
        return new WaitingList(seq, new ArrayList<>(chats.values()));
    }

    /** Registers {@code listener} (once) and returns the list it starts from. */
    synchronized WaitingList watch(QueueListener listener) {
        if (!watchers.contains(listener)) {
            if (watchers.size() >= maxWatchers) {
                throw new CapacityException("The waiting list has its maximum of " + maxWatchers
                        + " watchers; list it without watching, or retry later");
            }
            watchers.add(listener);
        }
        return snapshot();
    }

    synchronized void unwatch(QueueListener listener) {
        watchers.remove(listener);
    }

    synchronized int watcherCount() {
        return watchers.size();
    }

    private void tell(QueueChange change) {
        // A copy: a watcher may stop watching while it is told (its connection overflowed and was removed).
        for (QueueListener watcher : List.copyOf(watchers)) {
            try {
                watcher.changed(change);
            } catch (RuntimeException e) {
                log.warn("A waiting-list watcher failed to take change {}", change.seq(), e);
            }
        }
    }
}
