package dev.tandem.core;

/**
 * The one unchecked root of every error Tandem reports. Subclasses say what kind of error it is; the
 * message says what was wrong and what to do. Errors travel on the reactive error channel.
 */
public class TandemException extends RuntimeException {
    public TandemException(String message) {
        super(message);
    }

    public TandemException(String message, Throwable cause) {
        super(message, cause);
    }
}
