package dev.tandem.bayeux;

/** Why a Bayeux client was removed from the server. */
public enum RemovalReason {
    /** The client sent {@code /meta/disconnect}. */
    DISCONNECTED,
    /** The client stopped connecting for longer than {@link BayeuxOptions#maxInterval()}. */
    EXPIRED,
    /** The client's outbound queue overflowed (a slow consumer). */
    OVERFLOW,
    /** The server shut down. */
    SHUTDOWN
}
