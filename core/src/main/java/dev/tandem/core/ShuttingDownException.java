package dev.tandem.core;

/** The engine is shutting down and accepts no new sessions or joins. Retry on another server. */
public class ShuttingDownException extends TandemException {
    public ShuttingDownException(String message) {
        super(message);
    }
}
