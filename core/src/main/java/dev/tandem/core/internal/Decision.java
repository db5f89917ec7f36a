package dev.tandem.core.internal;

import dev.tandem.core.TandemException;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link Decider#decide}: events to apply and the caller's answer, or a refusal. */
sealed interface Decision {

    /** @param reply the command's answer, {@code null} for none (an empty {@code Mono}) */
    record Accepted(List<SessionEvent> events, Object reply) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(TandemException error) implements Decision {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    static Decision accept(List<SessionEvent> events, Object reply) {
        return new Accepted(events, reply);
    }

    static Decision nothing() {
        return new Accepted(List.of(), null);
    }

    static Decision reject(TandemException error) {
        return new Rejected(error);
    }
}
