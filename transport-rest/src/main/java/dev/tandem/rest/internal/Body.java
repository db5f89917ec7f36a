package dev.tandem.rest.internal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/** Reads a small request body with a hard size limit and checks that it is empty or a JSON object. */
final class Body {
    private Body() {
    }

    /** Emits the body bytes (possibly empty), or an {@link HttpErrorException} for 413, 415 or 400. */
    static Mono<byte[]> read(HttpServerRequest request, int maxBytes) {
        String type = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null && !type.toLowerCase().startsWith("application/json")) {
            return Mono.error(new HttpErrorException(new HttpError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type " + RestRouter.abbreviate(type) + " is not supported; send application/json or no body")));
        }
        String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBytes) {
                    return tooLarge(maxBytes);
                }
            } catch (NumberFormatException e) {
                return Mono.error(new HttpErrorException(HttpError.badRequest("Content-Length is not a number")));
            }
        }
        return request.receive()
                .reduceWith(ByteArrayOutputStream::new, (out, buf) -> {
                    if (out.size() + buf.readableBytes() > maxBytes) {
                        throw new HttpErrorException(new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                                "Request body is larger than " + maxBytes + " bytes"));
                    }
                    byte[] chunk = new byte[buf.readableBytes()];
                    buf.readBytes(chunk);
                    out.writeBytes(chunk);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .flatMap(bytes -> {
                    if (bytes.length > 0 && !new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()
                            && Json.parseObject(bytes) == null) {
                        return Mono.error(new HttpErrorException(HttpError.badRequest("Request body must be a JSON object such as {} or empty")));
                    }
                    return Mono.just(bytes);
                });
    }

    private static Mono<byte[]> tooLarge(int maxBytes) {
        return Mono.error(new HttpErrorException(new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "Request body is larger than " + maxBytes + " bytes")));
    }
}
