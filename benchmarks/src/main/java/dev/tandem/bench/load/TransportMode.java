package dev.tandem.bench.load;

/** Which Bayeux transport the peers use. */
public enum TransportMode {
    WEBSOCKET,
    LONG_POLLING,
    /** Each peer picks WebSocket with probability {@link LoadOptions#websocketShare()}, spread evenly. */
    MIXED;

    public static TransportMode parse(String text) {
        return switch (text.toLowerCase().replace('_', '-')) {
            case "ws", "websocket" -> WEBSOCKET;
            case "lp", "long-polling", "longpolling" -> LONG_POLLING;
            case "mix", "mixed" -> MIXED;
            default -> throw new dev.tandem.bench.BenchException(
                    "Unknown transport '" + text + "': use websocket, long-polling or mixed");
        };
    }

    public String label() {
        return switch (this) {
            case WEBSOCKET -> "websocket";
            case LONG_POLLING -> "long-polling";
            case MIXED -> "mixed";
        };
    }
}
