package dev.tandem.history.cassandra;

import dev.tandem.core.UnavailableException;

/**
 * Session history cannot be read right now: the store is not connected to Cassandra (it keeps trying in
 * the background), a read failed, or the store was closed. Live co-browsing is unaffected; retry later.
 */
public class HistoryUnavailableException extends UnavailableException {
    public HistoryUnavailableException(String message) {
        super(message);
    }

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
