package dev.tandem.core.internal;

import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

/**
 * Draws session tokens, user tokens and random (version 4) UUIDs from one {@link Random}. Shared by the
 * co-browse and chat engines.
 */
public final class Tokens {
    /** 128 random bits: 22 characters of URL-safe base64. */
    private static final int USER_TOKEN_BYTES = 16;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Random random;

    public Tokens(Random random) {
        this.random = random;
    }

    /** Nine decimal digits, leading zeros allowed. */
    public SessionToken sessionToken() {
        int n = random.nextInt(1_000_000_000);
        char[] digits = new char[9];
        for (int i = 8; i >= 0; i--) {
            digits[i] = (char) ('0' + n % 10);
            n /= 10;
        }
        return new SessionToken(new String(digits));
    }

    public UserToken userToken() {
        byte[] bytes = new byte[USER_TOKEN_BYTES];
        random.nextBytes(bytes);
        return new UserToken(BASE64.encodeToString(bytes));
    }

    /** A version 4 (random) UUID as a session history id. */
    public SessionHistoryId historyId() {
        return new SessionHistoryId(randomUuid());
    }

    /** A version 4 (random) UUID. */
    public UUID randomUuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[8 + i] & 0xff);
        }
        return new UUID(msb, lsb);
    }
}
