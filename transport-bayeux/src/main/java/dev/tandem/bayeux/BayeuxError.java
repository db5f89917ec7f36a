package dev.tandem.bayeux;

/**
 * The Bayeux error codes this server replies with. On the wire an error is CometD's
 * {@code code:args:message} string, e.g. {@code 402::Unknown client}; {@link #wire(String)} renders it.
 */
public enum BayeuxError {
    /** Malformed or ill-typed message, missing field, bad channel name. */
    BAD_REQUEST(400, "Bad request"),
    /** The clientId is unknown, expired, or not usable from this connection or browser: re-handshake. */
    UNKNOWN_CLIENT(402, "Unknown client"),
    /** Publishing to a meta channel, a wildcard or an unknown meta channel. */
    PUBLISH_DENIED(403, "Publish denied"),
    /** Subscribing to a meta channel. */
    SUBSCRIBE_DENIED(403, "Subscribe denied"),
    /** The request is well-formed but the caller may not do it. */
    FORBIDDEN(403, "Forbidden"),
    /** No session, member or service answers to this name. */
    NOT_FOUND(404, "Not found"),
    /** None of the client's connection types is offered by this server. */
    UNSUPPORTED_CONNECTION_TYPE(406, "Unsupported connection type"),
    /** The client's outbound queue overflowed: it was too slow and has been disconnected. */
    QUEUE_OVERFLOW(409, "Outbound queue overflow"),
    /** The session has ended. */
    GONE(410, "Gone"),
    /** A message exceeds the size allowed for its channel. */
    MESSAGE_TOO_LARGE(413, "Message too large"),
    /** An unexpected failure inside the server. */
    INTERNAL_ERROR(500, "Internal server error"),
    /** A configured bound was reached (clients, sessions); retry later. */
    UNAVAILABLE(503, "Service unavailable"),
    /** A service did not answer in time. */
    TIMEOUT(504, "Service timeout");

    private final int code;
    private final String defaultMessage;

    BayeuxError(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    /** The numeric code, e.g. 402. */
    public int code() {
        return code;
    }

    /** The message used when no specific one is given. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** {@code code::defaultMessage}, e.g. {@code 402::Unknown client}. */
    public String wire() {
        return code + "::" + defaultMessage;
    }

    /** {@code code::message}; {@code message} null or blank means the default message. */
    public String wire(String message) {
        return code + "::" + (message == null || message.isBlank() ? defaultMessage : message);
    }
}
