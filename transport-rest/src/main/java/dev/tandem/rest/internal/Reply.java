package dev.tandem.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * A REST answer: status, a JSON body (or raw bytes with their content type), and optionally a Set-Cookie
 * value.
 */
record Reply(HttpResponseStatus status, JsonNode body, byte[] raw, String contentType, Optional<String> cookie) {

    static Reply ok(JsonNode body) {
        return new Reply(HttpResponseStatus.OK, body, null, null, Optional.empty());
    }

    static Reply raw(byte[] bytes, String contentType) {
        return new Reply(HttpResponseStatus.OK, null, bytes, contentType, Optional.empty());
    }

    static Reply error(HttpError error) {
        return new Reply(error.status(), Json.error(error.status().code(), error.message()), null, null, Optional.empty());
    }

    Reply withCookie(String cookie) {
        return new Reply(status, body, raw, contentType, Optional.of(cookie));
    }
}
