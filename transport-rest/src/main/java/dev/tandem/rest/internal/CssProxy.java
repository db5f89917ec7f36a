package dev.tandem.rest.internal;

import dev.tandem.core.SessionEngine;
import dev.tandem.core.UserToken;
import dev.tandem.rest.CssProxyOptions;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Fetches a stylesheet for the {@code css.server} strategy, with the checks of {@link CssProxyOptions}: a
 * live session's userToken, http(s) only, allowed hosts only, no private addresses (checked on the
 * resolved address, which is then the one connected to), {@code text/css} only, bounded size and time,
 * redirects re-checked. Relative {@code url(…)} and {@code @import} references are made absolute, since
 * the sheet is no longer served from its own URL.
 */
final class CssProxy {
    static final int MAX_URL_LENGTH = 4096;
    private static final Pattern URL_REF = Pattern.compile("url\\(\\s*(['\"]?)([^'\")]+)\\1\\s*\\)");
    private static final Pattern IMPORT_REF = Pattern.compile("@import\\s+(['\"])([^'\"]+)\\1");

    private final CssProxyOptions options;
    private final SessionEngine engine;
    private final HttpClient client;

    CssProxy(CssProxyOptions options, SessionEngine engine) {
        this.options = options;
        this.engine = engine;
        this.client = HttpClient.create()
                .followRedirect(false)
                .responseTimeout(options.timeout())
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.timeout().toMillis())
                .headers(h -> h.set(HttpHeaderNames.ACCEPT, "text/css,*/*;q=0.1").set(HttpHeaderNames.USER_AGENT, "Tandem-CSS-Proxy"));
    }

    Mono<Reply> fetch(String url, String userToken) {
        if (!options.enabled()) {
            return error(HttpResponseStatus.NOT_FOUND, "The CSS proxy is disabled on this server (tandem.css-proxy.enabled)");
        }
        if (userToken == null || !UserToken.isWellFormed(userToken) || engine.sessionOf(new UserToken(userToken)).isEmpty()) {
            return error(HttpResponseStatus.FORBIDDEN, "The CSS proxy serves members of a live session only; pass your userToken");
        }
        if (url == null || url.isEmpty() || url.length() > MAX_URL_LENGTH) {
            return error(HttpResponseStatus.BAD_REQUEST, "Pass the stylesheet's absolute http(s) URL as 'url' (at most " + MAX_URL_LENGTH + " characters)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return error(HttpResponseStatus.BAD_REQUEST, "'url' is not a valid URL");
        }
        return fetch(uri, 0);
    }

    private Mono<Reply> fetch(URI uri, int redirects) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return error(HttpResponseStatus.BAD_REQUEST, "Only absolute http(s) URLs without credentials are proxied");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!hostAllowed(host)) {
            return error(HttpResponseStatus.FORBIDDEN, "Stylesheets from " + host + " are not allowed (tandem.css-proxy.allowed-hosts)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return Mono.fromCallable(() -> InetAddress.getAllByName(host))
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(UnknownHostException.class, e -> new HttpErrorException(
                        new HttpError(HttpResponseStatus.BAD_GATEWAY, "Cannot resolve " + host)))
                .flatMap(addresses -> {
                    for (InetAddress address : addresses) {
                        if (!options.allowPrivateAddresses() && isPrivate(address)) {
                            return error(HttpResponseStatus.FORBIDDEN, host + " resolves to a private or loopback address; "
                                    + "the CSS proxy refuses those unless tandem.css-proxy.allow-private-addresses is set");
                        }
                    }
                    InetSocketAddress target = new InetSocketAddress(addresses[0], port);
                    return get(uri, target, redirects);
                });
    }

    private Mono<Reply> get(URI uri, InetSocketAddress target, int redirects) {
        return client.remoteAddress(() -> target)
                .get().uri(uri.toASCIIString())
                .responseSingle((response, body) -> {
                    int status = response.status().code();
                    if (status >= 300 && status < 400 && response.responseHeaders().contains(HttpHeaderNames.LOCATION)) {
                        if (redirects >= options.maxRedirects()) {
                            return error(HttpResponseStatus.BAD_GATEWAY, "Too many redirects fetching the stylesheet");
                        }
                        URI next = uri.resolve(response.responseHeaders().get(HttpHeaderNames.LOCATION));
                        return body.then(fetch(next, redirects + 1));
                    }
                    if (status != 200) {
                        return error(HttpResponseStatus.BAD_GATEWAY, "The stylesheet's server answered " + status);
                    }
                    String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE, "");
                    if (!type.toLowerCase(Locale.ROOT).startsWith("text/css")) {
                        return error(HttpResponseStatus.BAD_GATEWAY, "Not a stylesheet (Content-Type '" + RestRouter.abbreviate(type) + "')");
                    }
                    return limited(body.retain().flux()).map(bytes -> {
                        String css = absolutise(new String(bytes, StandardCharsets.UTF_8), uri);
                        return Reply.raw(css.getBytes(StandardCharsets.UTF_8), "text/css; charset=UTF-8");
                    });
                })
                .onErrorMap(e -> !(e instanceof HttpErrorException), e -> new HttpErrorException(
                        new HttpError(HttpResponseStatus.BAD_GATEWAY, "Fetching the stylesheet failed: " + e.getClass().getSimpleName())));
    }

    private Mono<byte[]> limited(reactor.core.publisher.Flux<ByteBuf> body) {
        return body.reduceWith(ByteArrayOutputStream::new, (out, buf) -> {
            try {
                if (out.size() + buf.readableBytes() > options.maxBytes()) {
                    throw new HttpErrorException(new HttpError(HttpResponseStatus.BAD_GATEWAY,
                            "The stylesheet is larger than " + options.maxBytes() + " bytes"));
                }
                byte[] chunk = new byte[buf.readableBytes()];
                buf.readBytes(chunk);
                out.writeBytes(chunk);
                return out;
            } finally {
                buf.release();
            }
        }).map(ByteArrayOutputStream::toByteArray);
    }

    boolean hostAllowed(String host) {
        for (String allowed : options.allowedHosts()) {
            String a = allowed.toLowerCase(Locale.ROOT);
            if (a.equals("*") || a.equals(host) || (a.startsWith("*.") && host.endsWith(a.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 169 && second == 254)
                || (first == 198 && (second == 18 || second == 19));
    }

    /** Makes relative {@code url(…)} and {@code @import} references absolute against {@code base}. */
    static String absolutise(String css, URI base) {
        String withUrls = replace(URL_REF, css, base, "url(", ")");
        return replace(IMPORT_REF, withUrls, base, "@import ", "");
    }

    private static String replace(Pattern pattern, String css, URI base, String prefix, String suffix) {
        Matcher m = pattern.matcher(css);
        StringBuilder out = new StringBuilder(css.length() + 64);
        while (m.find()) {
            String quote = m.group(1);
            String replacement = prefix + quote + resolve(base, m.group(2).trim()) + quote + suffix;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String resolve(URI base, String ref) {
        String lower = ref.toLowerCase(Locale.ROOT);
        if (lower.startsWith("data:") || lower.startsWith("#") || lower.startsWith("http:") || lower.startsWith("https:")) {
            return ref;
        }
        try {
            return base.resolve(ref.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            return ref;
        }
    }

    private static Mono<Reply> error(HttpResponseStatus status, String message) {
        return Mono.error(new HttpErrorException(new HttpError(status, message)));
    }
}
