package dev.tandem.core;

/**
 * Something the request needs is temporarily unavailable (e.g. the history database is down).
 * Retry later; live co-browsing is unaffected.
 */
public class UnavailableException extends TandemException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
