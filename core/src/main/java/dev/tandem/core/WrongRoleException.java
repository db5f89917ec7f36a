package dev.tandem.core;

/** The member's role does not allow this command (e.g. a slave calling stop, a second master joining). */
public class WrongRoleException extends TandemException {
    public WrongRoleException(String message) {
        super(message);
    }
}
