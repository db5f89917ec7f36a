package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.EncodedMessage;
import java.nio.charset.StandardCharsets;

/** Test access to the bytes of an {@link EncodedMessage}. */
public final class EncodedMessages {
    private EncodedMessages() {
    }

    /** The message's JSON, as queued for a client. */
    public static String json(EncodedMessage message) {
        return new String(((PreparedMessage) message).encoded().json(), StandardCharsets.UTF_8);
    }

    /** The array shared by every queue the message is offered to. */
    public static byte[] bytes(EncodedMessage message) {
        return ((PreparedMessage) message).encoded().json();
    }
}
