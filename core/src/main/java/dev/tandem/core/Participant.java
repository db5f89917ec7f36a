package dev.tandem.core;

/**
 * The transport's handle on one connected member: where the engine delivers notifications.
 *
 * <p>{@link #deliver} is called from whatever thread runs the session's actor step; implementations
 * must be thread-safe, must never block and must bound their own buffering (a slow client is the
 * transport's problem, never the session's).
 */
@FunctionalInterface
public interface Participant {
    /** Queues {@code notification} for this member; returns at once. */
    void deliver(Notification notification);
}
