package dev.tandem.core.internal;

import dev.tandem.core.JoinRequest;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.UserToken;
import java.util.Objects;

/** What a session actor is asked to do. Random and clock values are decided before, so {@link Decider} stays pure. */
sealed interface Command {

    /** Opens the pending session (the first command of every actor). */
    record Create() implements Command {
    }

    /** Joins, or resumes when {@code request.resume()} is set; {@code newToken} is the joiner's token if it is new. */
    record Join(JoinRequest request, UserToken newToken) implements Command {
        public Join {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(newToken, "newToken");
        }
    }

    record Exit(UserToken userToken) implements Command {
    }

    record Stop(UserToken userToken) implements Command {
    }

    record Disconnect(UserToken userToken) implements Command {
    }

    record ReportPage(UserToken userToken, String url) implements Command {
    }

    /** The master publishes a batch of its page stream. */
    record Stream(UserToken userToken, StreamChunk chunk) implements Command {
        public Stream {
            Objects.requireNonNull(chunk, "chunk");
        }
    }

    /** A member relays a control message of {@code size} bytes. */
    record Control(UserToken userToken, Object payload, int size) implements Command {
        public Control {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** An agent asks for the current page again. */
    record Resync(UserToken userToken) implements Command {
    }

    /** Asks for a {@link dev.tandem.core.LiveSession} snapshot. */
    record Find() implements Command {
    }

    record Shutdown() implements Command {
    }

    /** The master's offline timer of {@code epoch} fired; stale when the master came back or left since. */
    record MasterTimeout(int epoch) implements Command {
    }

    /** The inactivity timer fired; stale once the session is activated. */
    record InactivityTimeout() implements Command {
    }
}
