package dev.tandem.rest.internal;

import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.history.HistoryStore;
import reactor.core.publisher.Mono;

/**
 * {@code GET /history/sessions/{sessionHistoryId}}. A deactivated session's record is complete; a live
 * session's record is returned as it stands, with {@code deactivationTime: null} and the last page's
 * duration counted until now.
 */
final class HistoryResource {
    private final HistoryStore store;

    HistoryResource(HistoryStore store) {
        this.store = store;
    }

    Mono<Reply> get(String id) {
        var parsed = SessionHistoryId.parse(id);
        if (parsed.isEmpty()) {
            return Mono.error(new HttpErrorException(HttpError.badRequest(
                    "'" + RestRouter.abbreviate(id) + "' is not a session history id; it is a UUID such as "
                            + "83d03970-c959-11e2-857d-082e5f12b9a1 (the join response's sessionHistoryId)")));
        }
        return store.find(parsed.get())
                .map(history -> Reply.ok(Json.history(history)))
                .switchIfEmpty(Mono.error(() -> new HttpErrorException(HttpError.notFound(
                        "No session history with id " + id + "; it never existed or has expired"))));
    }
}
