package dev.tandem.rest.internal;

import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.rest.RestOptions;
import reactor.core.publisher.Mono;

/** The Realtime REST resources: create, get and stop a live session. */
final class LiveResource {
    static final String COOKIE_NAME = "gcbSessionServer";

    private final RestOptions options;
    private final SessionEngine engine;
    private final String cookie;

    LiveResource(RestOptions options, SessionEngine engine) {
        this.options = options;
        this.engine = engine;
        this.cookie = cookieValue(options);
    }

    /** {@code POST /sessions}: a new session, with the cookie that sticks later requests to this node. */
    Mono<Reply> create() {
        return engine.create()
                .map(created -> Reply.ok(Json.liveSession(created.token().value(), options.nodeName())).withCookie(cookie));
    }

    /** {@code GET /sessions/{id}}: a live session's public data. */
    Mono<Reply> get(String id) {
        if (!SessionToken.isWellFormed(id)) {
            return Mono.error(new HttpErrorException(HttpError.badRequest(
                    "'" + RestRouter.abbreviate(id) + "' is not a session token; a token is 9 decimal digits")));
        }
        return engine.find(new SessionToken(id))
                .switchIfEmpty(Mono.error(() -> new UnknownSessionException("No live session has token " + id)))
                .map(session -> Reply.ok(Json.liveSession(session.token().value(), options.nodeName())).withCookie(cookie));
    }

    /** {@code GET /users/{userToken}/session/stop}: the controller stops its session. */
    Mono<Reply> stop(String userToken) {
        if (!UserToken.isWellFormed(userToken)) {
            return Mono.error(new HttpErrorException(HttpError.badRequest(
                    "The path does not hold a userToken; use the controller's userToken from its join response")));
        }
        return engine.stop(new UserToken(userToken)).map(times -> Reply.ok(Json.times(times)));
    }

    static String cookieValue(RestOptions options) {
        StringBuilder c = new StringBuilder(COOKIE_NAME).append('=').append(options.nodeName())
                .append("; Path=/")
                .append("; Max-Age=").append(options.cookieMaxAge().toSeconds());
        options.cookieDomain().ifPresent(d -> c.append("; Domain=").append(d));
        if (options.cookieSecure()) {
            c.append("; Secure; SameSite=None");
        } else {
            c.append("; SameSite=Lax");
        }
        return c.toString();
    }
}
