package dev.tandem.core.chat;

import java.util.Optional;

/** Why an agent is no longer in a chat that goes on; {@link #wireName()} is how the wire spells it. */
public enum LeaveReason {
    /** The agent left. */
    LEFT("left"),
    /** The agent stayed disconnected longer than {@link ChatOptions#maxInterval()}. */
    TIMEOUT("timeout");

    private final String wireName;

    LeaveReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The reason for a wire name, or empty. */
    public static Optional<LeaveReason> fromWireName(String name) {
        for (LeaveReason r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
