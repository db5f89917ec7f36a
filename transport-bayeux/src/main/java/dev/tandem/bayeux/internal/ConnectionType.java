package dev.tandem.bayeux.internal;

/** The Bayeux connection types (transports) this server speaks. */
enum ConnectionType {
    WEBSOCKET("websocket"), LONG_POLLING("long-polling"), CALLBACK_POLLING("callback-polling");

    private final String wire;

    ConnectionType(String wire) {
        this.wire = wire;
    }

    /** The name in {@code supportedConnectionTypes} and {@code connectionType}. */
    String wire() {
        return wire;
    }

    boolean isHttp() {
        return this != WEBSOCKET;
    }
}
