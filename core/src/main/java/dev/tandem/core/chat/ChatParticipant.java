package dev.tandem.core.chat;

/**
 * The transport's handle on one member's connection: where the engine delivers that member's notifications.
 *
 * <p>{@link #deliver} is called from whatever thread runs the chat's actor step; implementations must be
 * thread-safe, must never block and must bound their own buffering. The engine compares participants by identity:
 * {@link ChatEngine#disconnected} with another participant than the member's current one is ignored.
 */
@FunctionalInterface
public interface ChatParticipant {
    /** Queues {@code notification} for this member; returns at once. */
    void deliver(ChatNotification notification);
}
