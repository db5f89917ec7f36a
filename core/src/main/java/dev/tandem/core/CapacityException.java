package dev.tandem.core;

/** A configured bound was reached (live sessions, members per session, pages per session). Retry later. */
public class CapacityException extends TandemException {
    public CapacityException(String message) {
        super(message);
    }
}
