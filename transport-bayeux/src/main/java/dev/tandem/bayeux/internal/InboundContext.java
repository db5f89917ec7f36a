package dev.tandem.bayeux.internal;

/**
 * Where a batch came from: its transport, its WebSocket (if any) and the browser cookie it carried. A
 * handshake over HTTP without the cookie sets {@link #newBrowserId} for the response to carry.
 */
final class InboundContext {
    final ConnectionType type;
    final WsLink link;
    final String browserId;
    volatile String newBrowserId;

    InboundContext(ConnectionType type, WsLink link, String browserId) {
        this.type = type;
        this.link = link;
        this.browserId = browserId;
    }

    /** The browser id to give a client handshaking here: the cookie's, or the new one. */
    String effectiveBrowserId() {
        return browserId != null ? browserId : newBrowserId;
    }
}
