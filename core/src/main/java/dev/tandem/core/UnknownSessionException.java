package dev.tandem.core;

/** No live session has this token, or no member has this userToken. */
public class UnknownSessionException extends TandemException {
    public UnknownSessionException(String message) {
        super(message);
    }
}
