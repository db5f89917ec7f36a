package dev.tandem.core;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Identifies one session's history record, unique across the cluster over time.
 * Not to be confused with the {@link SessionToken}.
 *
 * @param value the UUID
 */
public record SessionHistoryId(UUID value) {
    public SessionHistoryId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the canonical 36-character UUID form, or empty when {@code text} is not one. */
    public static Optional<SessionHistoryId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(new SessionHistoryId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
