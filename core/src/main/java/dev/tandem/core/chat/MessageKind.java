package dev.tandem.core.chat;

import java.util.Optional;

/** What a chat message is; {@link #wireName()} is how the wire and transcripts spell it. */
public enum MessageKind {
    /** Text typed by a member. */
    TEXT("text"),
    /**
     * The customer shares a co-browse session: the message carries the 9-digit session token, so that the agent
     * console can offer to join in one click. Its text is the seed's {@code {start:<TOKEN>}} form.
     */
    COBROWSE("cobrowse");

    private final String wireName;

    MessageKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The kind for a wire name, or empty. */
    public static Optional<MessageKind> fromWireName(String name) {
        for (MessageKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
