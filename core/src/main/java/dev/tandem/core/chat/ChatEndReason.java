package dev.tandem.core.chat;

import java.util.Optional;

/** Why a chat ended; {@link #clientReason()} is the {@code sessionEnded} reason clients see. */
public enum ChatEndReason {
    /** The customer left (or ended the chat). */
    CUSTOMER_LEFT("customerLeft"),
    /** An agent ended the chat for everyone. */
    AGENT_ENDED("agentEnded"),
    /** The customer stayed disconnected longer than {@link ChatOptions#maxInterval()} (did not restore in time). */
    CUSTOMER_TIMEOUT("timeout"),
    /** No agent accepted the chat within {@link ChatOptions#waitTimeout()}. */
    WAIT_TIMEOUT("waitTimeout"),
    /** The server shut down. */
    SHUTDOWN("shutdown");

    private final String clientReason;

    ChatEndReason(String clientReason) {
        this.clientReason = clientReason;
    }

    /** customerLeft, agentEnded, timeout, waitTimeout or shutdown. */
    public String clientReason() {
        return clientReason;
    }

    /** The reason for a client reason, or empty. */
    public static Optional<ChatEndReason> fromClientReason(String reason) {
        for (ChatEndReason r : values()) {
            if (r.clientReason.equals(reason)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
