package dev.tandem.core.chat;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifies one chat, live and in its transcript: a random (version 4) UUID, unique across the cluster over
 * time. It names the chat; it is no credential (members act with their userToken).
 *
 * @param value the UUID
 */
public record ChatId(UUID value) {
    public ChatId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the canonical 36-character UUID form, or empty when {@code text} is not one. */
    public static Optional<ChatId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(new ChatId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
