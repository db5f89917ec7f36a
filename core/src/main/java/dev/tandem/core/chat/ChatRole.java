package dev.tandem.core.chat;

import java.util.Optional;

/** Who a chat member is; {@link #wireName()} is how the wire and transcripts spell it. */
public enum ChatRole {
    /** The website's visitor who started the chat; one per chat, always userId 1. */
    CUSTOMER("customer"),
    /** A contact-centre agent who accepted or joined the chat. */
    AGENT("agent");

    private final String wireName;

    ChatRole(String wireName) {
        this.wireName = wireName;
    }

    /** {@code customer} or {@code agent}. */
    public String wireName() {
        return wireName;
    }

    /** The role for a wire name, or empty. */
    public static Optional<ChatRole> fromWireName(String name) {
        for (ChatRole r : values()) {
            if (r.wireName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
