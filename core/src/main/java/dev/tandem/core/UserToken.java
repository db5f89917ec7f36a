package dev.tandem.core;

import java.util.Objects;

/**
 * The personal credential of one member of one session: at least 128 random bits, URL-safe base64.
 * It is the only credential a user holds; it is never logged in full.
 *
 * @param value URL-safe token text
 */
public record UserToken(String value) {
    /** Longest accepted token text; anything longer is not one of ours. */
    public static final int MAX_LENGTH = 64;

    public UserToken {
        Objects.requireNonNull(value, "value");
        if (!isWellFormed(value)) {
            throw new InvalidRequestException("A userToken is 22 to 64 URL-safe characters");
        }
    }

    /** Whether {@code candidate} has the shape of a user token (URL-safe base64 alphabet, 22..64 chars). */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() < 22 || candidate.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A log-safe form: the first four characters only. */
    @Override
    public String toString() {
        return value.substring(0, 4) + "…";
    }
}
