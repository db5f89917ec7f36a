package dev.tandem.history.cassandra.embedded;

import dev.tandem.core.TandemException;

/** The embedded Cassandra node could not be started or stopped; the message says why and what to do. */
public class EmbeddedCassandraException extends TandemException {
    public EmbeddedCassandraException(String message) {
        super(message);
    }

    public EmbeddedCassandraException(String message, Throwable cause) {
        super(message, cause);
    }
}
