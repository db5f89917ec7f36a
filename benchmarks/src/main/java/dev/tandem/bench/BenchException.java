package dev.tandem.bench;

import dev.tandem.core.TandemException;

/** What the benchmarks report when an option, a target or a run is wrong; the message says what to do. */
public class BenchException extends TandemException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
