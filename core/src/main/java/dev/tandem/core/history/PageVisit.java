package dev.tandem.core.history;

import java.util.Objects;

/**
 * One page of a session's history as the History REST API shows it.
 *
 * @param url              the page URL
 * @param enteredTimestamp UTC ms
 * @param duration         whole seconds (see {@link SessionHistory#of})
 */
public record PageVisit(String url, long enteredTimestamp, long duration) {
    public PageVisit {
        Objects.requireNonNull(url, "url");
    }
}
