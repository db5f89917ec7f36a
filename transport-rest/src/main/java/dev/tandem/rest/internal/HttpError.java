package dev.tandem.rest.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.TandemException;
import dev.tandem.core.UnavailableException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.WrongRoleException;
import io.netty.handler.codec.http.HttpResponseStatus;

/** An HTTP error answer: status and a message that says what was wrong and what to do. */
record HttpError(HttpResponseStatus status, String message) {

    static HttpError badRequest(String message) {
        return new HttpError(HttpResponseStatus.BAD_REQUEST, message);
    }

    static HttpError notFound(String message) {
        return new HttpError(HttpResponseStatus.NOT_FOUND, message);
    }

    /** Maps an error from the engine or the store; anything unexpected is a 500 without internals. */
    static HttpError of(Throwable error) {
        if (error instanceof InvalidRequestException) {
            return new HttpError(HttpResponseStatus.BAD_REQUEST, error.getMessage());
        }
        if (error instanceof WrongRoleException) {
            return new HttpError(HttpResponseStatus.FORBIDDEN, error.getMessage());
        }
        if (error instanceof UnknownSessionException || error instanceof SessionEndedException) {
            return new HttpError(HttpResponseStatus.NOT_FOUND, error.getMessage());
        }
        if (error instanceof CapacityException || error instanceof UnavailableException) {
            return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, error.getMessage());
        }
        if (error instanceof TandemException) {
            return new HttpError(HttpResponseStatus.SERVICE_UNAVAILABLE, error.getMessage());
        }
        return new HttpError(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "Internal error; the server log has the details. Retry, and report it if it persists.");
    }
}
