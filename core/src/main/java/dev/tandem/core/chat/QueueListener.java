package dev.tandem.core.chat;

/**
 * Told about every change of the waiting list ({@link ChatEngine#watchWaiting}). Called in the changes' order,
 * from whatever thread made the change, while the list is held: implementations must be thread-safe and return at
 * once; the only call back into the engine they may make is {@link ChatEngine#unwatchWaiting} (e.g. when their
 * connection is gone).
 */
@FunctionalInterface
public interface QueueListener {
    void changed(QueueChange change);
}
