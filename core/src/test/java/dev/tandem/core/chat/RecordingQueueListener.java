package dev.tandem.core.chat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A waiting-list watcher that records the changes it is told, in order. */
final class RecordingQueueListener implements QueueListener {
    private final Queue<QueueChange> changes = new ConcurrentLinkedQueue<>();

    @Override
    public void changed(QueueChange change) {
        changes.add(change);
    }

    List<QueueChange> changes() {
        return List.copyOf(changes);
    }
}
