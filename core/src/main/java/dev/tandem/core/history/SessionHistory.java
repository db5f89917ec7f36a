package dev.tandem.core.history;

import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A session's history record as the History REST API returns it.
 *
 * @param id               the history id
 * @param sessionToken     the session's token
 * @param creationTime     UTC ms
 * @param activationTime   UTC ms, empty if never activated
 * @param deactivationTime UTC ms, empty while the session is live
 * @param pages            visits in order, with durations
 */
public record SessionHistory(SessionHistoryId id, SessionToken sessionToken, long creationTime,
                             OptionalLong activationTime, OptionalLong deactivationTime, List<PageVisit> pages) {
    public SessionHistory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(activationTime, "activationTime");
        Objects.requireNonNull(deactivationTime, "deactivationTime");
        pages = List.copyOf(pages);
    }

    /** Whether the session has ended, so that the history is complete. */
    public boolean complete() {
        return deactivationTime.isPresent();
    }

    /** A page as stored: URL and entered time, in visit order. */
    public record Entered(String url, long enteredTimestamp) {
        public Entered {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * Builds a history and computes page durations as the seed defines them, in whole seconds rounded
     * down: the first page counts from activation (or from its entry if later), the last page until
     * deactivation, the others until the next page is entered. A page left before activation lasts 0.
     * While the session is live ({@code deactivationTime} empty) the last page counts until {@code now}.
     * Without an activation the pages count from their own entry.
     */
    public static SessionHistory of(SessionHistoryId id, SessionToken token, long creationTime,
                                    OptionalLong activationTime, OptionalLong deactivationTime,
                                    List<Entered> entered, long now) {
        List<PageVisit> visits = new ArrayList<>(entered.size());
        long end = deactivationTime.orElse(now);
        for (int i = 0; i < entered.size(); i++) {
            Entered page = entered.get(i);
            long from = Math.max(page.enteredTimestamp(), activationTime.orElse(page.enteredTimestamp()));
            long to = i + 1 < entered.size() ? entered.get(i + 1).enteredTimestamp() : end;
            long seconds = Math.max(0, to - from) / 1000;
            visits.add(new PageVisit(page.url(), page.enteredTimestamp(), seconds));
        }
        return new SessionHistory(id, token, creationTime, activationTime, deactivationTime, visits);
    }
}
