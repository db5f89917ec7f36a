package dev.tandem.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/** A REST answer: status, JSON body, and optionally a Set-Cookie value. */
record Reply(HttpResponseStatus status, JsonNode body, Optional<String> cookie) {

    static Reply ok(JsonNode body) {
        return new Reply(HttpResponseStatus.OK, body, Optional.empty());
    }

    static Reply error(HttpError error) {
        return new Reply(error.status(), Json.error(error.status().code(), error.message()), Optional.empty());
    }

    Reply withCookie(String cookie) {
        return new Reply(status, body, Optional.of(cookie));
    }
}
