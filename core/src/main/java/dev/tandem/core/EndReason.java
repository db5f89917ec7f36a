package dev.tandem.core;

/** Why a session was deactivated; {@link #clientReason()} is the reason the JavaScript API reports. */
public enum EndReason {
    /** A controller stopped the session (Bayeux or REST). */
    STOPPED("external"),
    /** The master exited explicitly. */
    MASTER_EXITED("self"),
    /** The master stayed disconnected longer than the session's maxInterval. */
    MASTER_TIMEOUT("timeout"),
    /** No agent joined within the inactivity timeout. */
    INACTIVITY_TIMEOUT("inactivityTimeout"),
    /** The server shut down. */
    SHUTDOWN("external");

    private final String clientReason;

    EndReason(String clientReason) {
        this.clientReason = clientReason;
    }

    /** The {@code onSessionEnded} reason of the JavaScript API: self, external, timeout or inactivityTimeout. */
    public String clientReason() {
        return clientReason;
    }
}
