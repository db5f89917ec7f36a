package dev.tandem.rest;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of the REST APIs. Immutable; start from {@link #DEFAULT} and change with {@link #toBuilder()}.
 *
 * @param contextPath   the application's context path, {@code /cobrowse} by default
 * @param nodeName      this node's name: the {@code sessionServerName} of responses and the value of the
 *                      {@code gcbSessionServer} cookie that load balancers route on
 * @param cookieDomain  the cookie's {@code Domain} attribute; empty sends none (host-only cookie). Set it to
 *                      the website's own second-level domain in production, or browsers drop it as third-party
 * @param cookieSecure  whether the cookie carries {@code Secure} (and {@code SameSite=None})
 * @param cookieMaxAge  the cookie's lifetime
 */
public record RestOptions(String contextPath, String nodeName, Optional<String> cookieDomain, boolean cookieSecure,
                          Duration cookieMaxAge) {

    public static final RestOptions DEFAULT =
            new RestOptions("/cobrowse", "Co-browse_Server", Optional.empty(), false, Duration.ofHours(1));

    public RestOptions {
        Objects.requireNonNull(contextPath, "contextPath");
        if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
            throw new IllegalArgumentException("contextPath must be empty or start with '/' and not end with '/': " + contextPath);
        }
        Objects.requireNonNull(nodeName, "nodeName");
        if (nodeName.isBlank() || !nodeName.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\')) {
            throw new IllegalArgumentException("nodeName must be printable ASCII without spaces, ';', ',', '\"' or '\\': " + nodeName);
        }
        Objects.requireNonNull(cookieDomain, "cookieDomain");
        Objects.requireNonNull(cookieMaxAge, "cookieMaxAge");
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds changed copies of {@link RestOptions}. */
    public static final class Builder {
        private String contextPath;
        private String nodeName;
        private Optional<String> cookieDomain;
        private boolean cookieSecure;
        private Duration cookieMaxAge;

        private Builder(RestOptions o) {
            contextPath = o.contextPath;
            nodeName = o.nodeName;
            cookieDomain = o.cookieDomain;
            cookieSecure = o.cookieSecure;
            cookieMaxAge = o.cookieMaxAge;
        }

        public Builder contextPath(String v) { contextPath = v; return this; }
        public Builder nodeName(String v) { nodeName = v; return this; }
        public Builder cookieDomain(Optional<String> v) { cookieDomain = v; return this; }
        public Builder cookieSecure(boolean v) { cookieSecure = v; return this; }
        public Builder cookieMaxAge(Duration v) { cookieMaxAge = v; return this; }

        public RestOptions build() {
            return new RestOptions(contextPath, nodeName, cookieDomain, cookieSecure, cookieMaxAge);
        }
    }
}
