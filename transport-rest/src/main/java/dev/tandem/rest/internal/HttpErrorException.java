package dev.tandem.rest.internal;

import dev.tandem.core.TandemException;

/** Carries an {@link HttpError} decided by the REST layer itself (bad path argument, wrong body). */
final class HttpErrorException extends TandemException {
    private final transient HttpError error;

    HttpErrorException(HttpError error) {
        super(error.message());
        this.error = error;
    }

    HttpError error() {
        return error;
    }
}
