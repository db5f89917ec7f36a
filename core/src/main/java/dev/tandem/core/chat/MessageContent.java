package dev.tandem.core.chat;

import dev.tandem.core.SessionToken;
import java.util.Objects;

/** What a member asks to post: text, or (the customer only) a co-browse session to share. */
public sealed interface MessageContent {

    /**
     * Text as typed. From the customer, a text that is just the seed's {@code {start:<9 digits>}} (spaces and quotes
     * around the parts allowed, e.g. {@code {"start":"123456789"}}) is recognised and posted as
     * {@link MessageKind#COBROWSE}.
     */
    record Text(String text) implements MessageContent {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The customer shares its co-browse session {@code token}; posted with the text {@code {start:<token>}}. */
    record Cobrowse(SessionToken token) implements MessageContent {
        public Cobrowse {
            Objects.requireNonNull(token, "token");
        }
    }
}
