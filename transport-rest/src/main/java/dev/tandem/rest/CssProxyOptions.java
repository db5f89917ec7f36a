package dev.tandem.rest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Options of the CSS proxy ({@code GET <context>/rest/css?url=…&userToken=…}) behind the {@code css.server}
 * strategy: the server fetches a page's stylesheets, cross-origin ones too, so that their {@code :hover}
 * rules can be rewritten in the customer's browser. It is no open proxy: only members of a live session
 * may use it, only stylesheets ({@code text/css}) come back, only from the allowed hosts, never from
 * loopback, link-local or private addresses unless {@code allowPrivateAddresses}.
 *
 * @param enabled               whether the proxy answers at all
 * @param allowedHosts          host names allowed ({@code *.example.com} matches subdomains); {@code ["*"]}
 *                              allows any public host
 * @param allowPrivateAddresses allow hosts that resolve to loopback, link-local, site-local or unique-local
 *                              addresses (for intranet sites and tests)
 * @param maxBytes              largest stylesheet fetched
 * @param timeout               connect + response deadline of one fetch
 * @param maxRedirects          redirects followed (each target checked like the first)
 */
public record CssProxyOptions(boolean enabled, List<String> allowedHosts, boolean allowPrivateAddresses,
                              int maxBytes, Duration timeout, int maxRedirects) {

    public static final CssProxyOptions DEFAULT =
            new CssProxyOptions(true, List.of("*"), false, 2 * 1024 * 1024, Duration.ofSeconds(5), 3);

    public CssProxyOptions {
        allowedHosts = List.copyOf(allowedHosts);
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds changed copies of {@link CssProxyOptions}. */
    public static final class Builder {
        private boolean enabled;
        private List<String> allowedHosts;
        private boolean allowPrivateAddresses;
        private int maxBytes;
        private Duration timeout;
        private int maxRedirects;

        private Builder(CssProxyOptions o) {
            enabled = o.enabled;
            allowedHosts = o.allowedHosts;
            allowPrivateAddresses = o.allowPrivateAddresses;
            maxBytes = o.maxBytes;
            timeout = o.timeout;
            maxRedirects = o.maxRedirects;
        }

        public Builder enabled(boolean v) { enabled = v; return this; }
        public Builder allowedHosts(List<String> v) { allowedHosts = v; return this; }
        public Builder allowPrivateAddresses(boolean v) { allowPrivateAddresses = v; return this; }
        public Builder maxBytes(int v) { maxBytes = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder maxRedirects(int v) { maxRedirects = v; return this; }

        public CssProxyOptions build() {
            return new CssProxyOptions(enabled, allowedHosts, allowPrivateAddresses, maxBytes, timeout, maxRedirects);
        }
    }
}
