package dev.tandem.core;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Activation and deactivation times of a stopped session (UTC ms).
 *
 * @param activationTime   empty when the session was never activated
 * @param deactivationTime when it was deactivated
 */
public record SessionTimes(OptionalLong activationTime, long deactivationTime) {
    public SessionTimes {
        Objects.requireNonNull(activationTime, "activationTime");
    }
}
