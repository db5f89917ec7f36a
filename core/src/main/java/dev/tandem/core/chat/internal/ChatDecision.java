package dev.tandem.core.chat.internal;

import dev.tandem.core.TandemException;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link ChatDecider#decide}: events to apply and the caller's answer, or a refusal. */
sealed interface ChatDecision {

    /** @param reply the command's answer, {@code null} for none (an empty {@code Mono}) */
    record Accepted(List<ChatEvent> events, Object reply) implements ChatDecision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(TandemException error) implements ChatDecision {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    static ChatDecision accept(List<ChatEvent> events, Object reply) {
        return new Accepted(events, reply);
    }

    static ChatDecision nothing() {
        return new Accepted(List.of(), null);
    }

    static ChatDecision reject(TandemException error) {
        return new Rejected(error);
    }
}
