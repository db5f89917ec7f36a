package dev.tandem.server.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Serves files from a classpath folder (the client bundles, the agent console, the demo site) under a URL
 * prefix. Files are read once, off the event loop, and cached with an ETag; paths that try to leave the
 * folder are refused; a directory URL serves its {@code index.html}.
 */
public final class StaticFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=UTF-8"),
            Map.entry("js", "text/javascript; charset=UTF-8"),
            Map.entry("mjs", "text/javascript; charset=UTF-8"),
            Map.entry("css", "text/css; charset=UTF-8"),
            Map.entry("json", "application/json; charset=UTF-8"),
            Map.entry("map", "application/json; charset=UTF-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=UTF-8"),
            Map.entry("woff2", "font/woff2"));

    private final String urlPrefix;
    private final String resourceRoot;
    private final Map<String, String> extraHeaders;
    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    record Resource(byte[] bytes, String type, String etag) {
    }

    /**
     * @param urlPrefix    e.g. {@code /cobrowse/js/}
     * @param resourceRoot classpath folder, e.g. {@code tandem-web/js/}
     * @param extraHeaders headers added to every file (e.g. a Content-Security-Policy for the console)
     */
    public StaticFiles(String urlPrefix, String resourceRoot, Map<String, String> extraHeaders) {
        this.urlPrefix = urlPrefix;
        this.resourceRoot = resourceRoot;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    public boolean matches(HttpServerRequest request) {
        String path = pathOf(request.uri());
        return path.startsWith(urlPrefix) || path.equals(urlPrefix.substring(0, urlPrefix.length() - 1));
    }

    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = pathOf(request.uri());
        if (path.equals(urlPrefix.substring(0, urlPrefix.length() - 1))) {
            return response.status(HttpResponseStatus.MOVED_PERMANENTLY).header(HttpHeaderNames.LOCATION, urlPrefix).send();
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).header(HttpHeaderNames.ALLOW, "GET, HEAD").send();
        }
        String relative = path.substring(urlPrefix.length());
        if (relative.isEmpty() || relative.endsWith("/")) {
            relative = relative + "index.html";
        }
        if (!isSafe(relative)) {
            return response.status(HttpResponseStatus.NOT_FOUND).send();
        }
        String key = relative;
        return Mono.fromCallable(() -> cache.computeIfAbsent(key, this::load))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty()) {
                        return Mono.from(response.status(HttpResponseStatus.NOT_FOUND)
                                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8")
                                .sendString(Mono.just("Not found\n")));
                    }
                    Resource r = found.get();
                    extraHeaders.forEach(response::header);
                    response.header(HttpHeaderNames.ETAG, r.etag())
                            .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
                            .header("X-Content-Type-Options", "nosniff")
                            .header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                    String ifNoneMatch = request.requestHeaders().get(HttpHeaderNames.IF_NONE_MATCH);
                    if (r.etag().equals(ifNoneMatch)) {
                        return Mono.from(response.status(HttpResponseStatus.NOT_MODIFIED).send());
                    }
                    response.header(HttpHeaderNames.CONTENT_TYPE, r.type())
                            .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(r.bytes().length));
                    if (request.method().equals(HttpMethod.HEAD)) {
                        return Mono.from(response.send());
                    }
                    return Mono.from(response.sendObject(Unpooled.wrappedBuffer(r.bytes())));
                });
    }

    private Optional<Resource> load(String relative) {
        String name = resourceRoot + relative;
        ClassLoader loader = StaticFiles.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = relative.substring(relative.lastIndexOf('.') + 1).toLowerCase();
            String type = TYPES.getOrDefault(ext, "application/octet-stream");
            return Optional.of(new Resource(bytes, type, etag(bytes)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean isSafe(String relative) {
        if (relative.contains("..") || relative.contains("\\") || relative.contains("//") || relative.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '%') {
                return false;
            }
        }
        return true;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return '"' + HexFormat.of().formatHex(digest, 0, 12) + '"';
        } catch (NoSuchAlgorithmException e) {
            return '"' + Integer.toHexString(java.util.Arrays.hashCode(bytes)) + '"';
        }
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    /** Text of a classpath resource, for small embedded pages. */
    static String text(String name) throws IOException {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
