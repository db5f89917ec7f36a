package dev.tandem.bench.load;

/** What the generator speaks to the target. */
public enum Protocol {
    /** Bayeux with the seed's co-browse channels (Tandem, the CometD relay). */
    BAYEUX,
    /** Bare WebSocket frames to the raw relay; the URL names the session and the role. */
    RAW
}
