package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;

/** One element of an inbound batch: a usable message, or the reason it is not one. */
sealed interface Decoded {

    /** A well-formed message and its size in bytes on the wire. */
    record Ok(BayeuxMessage message, int size) implements Decoded {
    }

    /**
     * A message that cannot be processed; {@code id} and {@code channel} are echoed in the error reply when
     * they could be read.
     */
    record Bad(String id, String channel, BayeuxError error, String detail) implements Decoded {
    }
}
