package dev.tandem.history.cassandra;

import dev.tandem.core.CapacityException;

/**
 * A history record was refused because too many records already wait to be written (Cassandra is slow
 * or down). The record is not stored; the store logs a warning and counts it in
 * {@link HistoryStoreStats#rejected()}. Raise {@code queue-capacity} or restore Cassandra.
 */
public class HistoryBacklogFullException extends CapacityException {
    public HistoryBacklogFullException(String message) {
        super(message);
    }
}
