package dev.tandem.core;

import java.util.Objects;

/**
 * The 9-digit token that a customer reads to an agent to share a session. Unique among live sessions.
 *
 * @param value exactly nine decimal digits
 */
public record SessionToken(String value) {
    public SessionToken {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new InvalidRequestException("A session token is 9 decimal digits, got '" + abbreviate(value) + "'");
        }
    }

    /** Whether {@code candidate} has the shape of a session token (nine ASCII digits). */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != 9) {
            return false;
        }
        for (int i = 0; i < 9; i++) {
            char c = candidate.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    @Override
    public String toString() {
        return value;
    }
}
