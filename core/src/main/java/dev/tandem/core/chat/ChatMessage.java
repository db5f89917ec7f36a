package dev.tandem.core.chat;

import dev.tandem.core.SessionToken;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a chat, live and in its transcript.
 *
 * @param seq          its number within the chat: 1, 2, 3… in the order the chat accepted them
 * @param from         the sender's userId
 * @param kind         text, or a shared co-browse session
 * @param text         what the sender typed; for {@link MessageKind#COBROWSE}, the seed's {@code {start:<TOKEN>}}
 * @param sessionToken the shared co-browse session's token; present exactly for {@link MessageKind#COBROWSE}
 * @param time         when the chat accepted it, UTC ms (the server's clock)
 */
public record ChatMessage(int seq, int from, MessageKind kind, String text, Optional<SessionToken> sessionToken,
                          long time) {
    public ChatMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sessionToken, "sessionToken");
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, got " + seq);
        }
        if ((kind == MessageKind.COBROWSE) != sessionToken.isPresent()) {
            throw new IllegalArgumentException("a sessionToken goes with exactly the cobrowse kind");
        }
    }

    /** The seed's form of a shared token, {@code {start:123456789}}, which Genesys agent desktops act on. */
    public static String startForm(SessionToken token) {
        return "{start:" + token.value() + "}";
    }
}
