package dev.tandem.bayeux;

/**
 * Told when Bayeux clients come and go. Called on whatever thread handled the event; implementations must
 * not block.
 */
public interface SessionListener {
    /** A client completed its handshake. */
    default void added(ServerSession session) {
    }

    /** A client was removed; it will receive nothing more. */
    default void removed(ServerSession session, RemovalReason reason) {
    }
}
