package dev.tandem.core.chat.internal;

import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatStartRequest;
import dev.tandem.core.chat.MessageContent;
import java.util.Objects;
import java.util.Optional;

/** What a chat actor is asked to do. Random values are drawn before, so {@link ChatDecider} stays pure. */
sealed interface ChatCommand {

    /** Opens the pending chat (the first command of every actor); {@code token} becomes the customer's. */
    record Start(ChatStartRequest request, UserToken token) implements ChatCommand {
        public Start {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(token, "token");
        }
    }

    /** A member comes back on a new connection (the envelope's participant). */
    record Restore(UserToken token, int since) implements ChatCommand {
    }

    /** An agent enters; {@code waitingOnly} refuses an active chat (accept) rather than joining it (join). */
    record Enter(Optional<String> nickname, UserToken newToken, boolean waitingOnly) implements ChatCommand {
        public Enter {
            Objects.requireNonNull(nickname, "nickname");
            Objects.requireNonNull(newToken, "newToken");
        }
    }

    record Send(UserToken token, MessageContent content) implements ChatCommand {
        public Send {
            Objects.requireNonNull(content, "content");
        }
    }

    record Typing(UserToken token, boolean typing) implements ChatCommand {
    }

    record Leave(UserToken token) implements ChatCommand {
    }

    record End(UserToken token) implements ChatCommand {
    }

    /** The member's connection is gone; the actor drops it unless the envelope's participant is the member's current one. */
    record Disconnect(UserToken token) implements ChatCommand {
    }

    /** The wait timer of {@code epoch} fired; stale when the chat was accepted (or requeued) since. */
    record WaitTimeout(int epoch) implements ChatCommand {
    }

    /** The offline timer of {@code userId}'s {@code epoch}-th disconnection fired; stale when it restored since. */
    record MemberTimeout(int userId, int epoch) implements ChatCommand {
    }

    record Shutdown() implements ChatCommand {
    }
}
