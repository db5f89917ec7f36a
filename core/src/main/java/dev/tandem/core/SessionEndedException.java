package dev.tandem.core;

/** The session has been deactivated: it accepts no joins and no commands. */
public class SessionEndedException extends TandemException {
    public SessionEndedException(String message) {
        super(message);
    }
}
