package dev.tandem.bayeux.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven Bayeux peer for protocol tests: {@link #exchange} sends one batch and returns the batch the
 * server answers with (the HTTP response, or the next WebSocket message). Lets tests send what no official
 * client would.
 */
public abstract class RawBayeux implements AutoCloseable {

    /** The transport's Bayeux name. */
    public abstract String transport();

    /** Sends {@code batch} (raw text) and returns the answer's messages. */
    public abstract List<JsonNode> exchange(String batch) throws Exception;

    /** Handshakes, returning the clientId. */
    public String handshake() throws Exception {
        JsonNode r = exchange("[{\"id\":\"h\",\"channel\":\"/meta/handshake\",\"version\":\"1.0\",\"supportedConnectionTypes\":[\""
                + transport() + "\"]}]").get(0);
        if (!r.path("successful").asBoolean()) {
            throw new AssertionError("handshake failed: " + r);
        }
        return r.get("clientId").asText();
    }

    /** A connect that the server answers at once (advice timeout 0). */
    public List<JsonNode> connectNow(String clientId) throws Exception {
        return exchange("[{\"id\":\"c\",\"channel\":\"/meta/connect\",\"clientId\":\"" + clientId
                + "\",\"connectionType\":\"" + transport() + "\",\"advice\":{\"timeout\":0}}]");
    }

    public static RawBayeux of(String transport, TestServer server) throws Exception {
        return transport.equals("websocket") ? new Ws(server.wsUrl()) : new Http(server.url());
    }

    /** Long-polling: POST with the JSON batch; keeps the {@code BAYEUX_BROWSER} cookie it is given. */
    public static final class Http extends RawBayeux {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String url;
        public volatile String cookie;
        public volatile HttpResponse<String> last;

        public Http(String url) {
            this.url = url;
        }

        @Override
        public String transport() {
            return "long-polling";
        }

        public HttpResponse<String> post(String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (cookie != null) {
                b.header("Cookie", cookie);
            }
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            r.headers().firstValue("set-cookie").ifPresent(c -> cookie = c.substring(0, c.indexOf(';')));
            last = r;
            return r;
        }

        @Override
        public List<JsonNode> exchange(String batch) throws Exception {
            HttpResponse<String> r = post(batch);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
            }
            List<JsonNode> out = new ArrayList<>();
            SeedShapes.parse(r.body()).forEach(out::add);
            return out;
        }

        @Override
        public void close() {
        }
    }

    /** WebSocket: one text message per batch; answers arrive in a queue. */
    public static final class Ws extends RawBayeux implements WebSocket.Listener {
        public final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        public final CompletableFuture<Integer> closed = new CompletableFuture<>();
        public final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();

        public Ws(String url) throws Exception {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).get(5, TimeUnit.SECONDS);
        }

        @Override
        public String transport() {
            return "websocket";
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }

        public void send(String batch) throws Exception {
            socket.sendText(batch, true).get(5, TimeUnit.SECONDS);
        }

        /** The next message the server sends, within 5 s. */
        public List<JsonNode> next() throws InterruptedException {
            String m = messages.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new AssertionError("no WebSocket message within 5 s");
            }
            List<JsonNode> out = new ArrayList<>();
            SeedShapes.parse(m).forEach(out::add);
            return out;
        }

        @Override
        public List<JsonNode> exchange(String batch) throws Exception {
            send(batch);
            return next();
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
}
