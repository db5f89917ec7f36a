package dev.tandem.core;

/** A request was malformed: a missing field, a wrong type, a value out of range. */
public class InvalidRequestException extends TandemException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
