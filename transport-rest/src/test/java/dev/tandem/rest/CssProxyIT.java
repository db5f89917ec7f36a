package dev.tandem.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.history.InMemoryHistoryStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** The CSS proxy of the css.server strategy: what it fetches, and everything it refuses. */
class CssProxyIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    static SessionEngine engine;
    static DisposableServer origin;
    static DisposableServer open;
    static DisposableServer strict;
    static String userToken;

    record Fetched(int status, String type, String body) {
    }

    @BeforeAll
    static void start() {
        origin = HttpServer.create().host("127.0.0.1").port(0).route(r -> r
                .get("/site/style.css", (req, res) -> res.header("Content-Type", "text/css")
                        .sendString(Mono.just("a:hover{color:red} .x{background:url('img/bg.png')} @import \"other.css\"; .d{background:url(data:image/png;base64,AA==)}")))
                .get("/site/page.html", (req, res) -> res.header("Content-Type", "text/html").sendString(Mono.just("<html>")))
                .get("/site/moved.css", (req, res) -> res.sendRedirect("/site/style.css"))
                .get("/site/loop.css", (req, res) -> res.sendRedirect("/site/loop.css"))
                .get("/site/big.css", (req, res) -> res.header("Content-Type", "text/css").sendString(Mono.just("a{}".repeat(2000))))
                .get("/site/missing.css", (req, res) -> res.sendNotFound()))
                .bindNow();
        engine = SessionEngine.builder().build();
        String token = engine.create().block(DEADLINE).token().value();
        JoinResult master = engine.join(JoinRequest.of(new dev.tandem.core.SessionToken(token), Role.MASTER), n -> { }).block(DEADLINE);
        userToken = master.userToken().value();
        open = serve(CssProxyOptions.DEFAULT.toBuilder().allowPrivateAddresses(true).maxBytes(4096).build());
        strict = serve(CssProxyOptions.DEFAULT);
    }

    static DisposableServer serve(CssProxyOptions css) {
        RestApi api = RestApi.builder().engine(engine).historyStore(new InMemoryHistoryStore()).cssProxy(css).build();
        return HttpServer.create().host("127.0.0.1").port(0).route(api::mount).bindNow();
    }

    @AfterAll
    static void stop() {
        origin.disposeNow();
        open.disposeNow();
        strict.disposeNow();
    }

    static Fetched fetch(DisposableServer proxy, String url, String token) {
        String query = "url=" + URLEncoder.encode(url, StandardCharsets.UTF_8) + (token == null ? "" : "&userToken=" + token);
        return HttpClient.create().get().uri("http://127.0.0.1:" + proxy.port() + "/cobrowse/rest/css?" + query)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Fetched(res.status().code(), res.responseHeaders().get("Content-Type"), text)))
                .block(DEADLINE);
    }

    static String site(String path) {
        return "http://127.0.0.1:" + origin.port() + "/site/" + path;
    }

    @Test
    void should_return_stylesheet_with_absolute_references_when_member_asks() {
        Fetched f = fetch(open, site("style.css"), userToken);

        assertThat(f.status()).isEqualTo(200);
        assertThat(f.type()).startsWith("text/css");
        assertThat(f.body()).contains("a:hover{color:red}")
                .contains("url('" + site("img/bg.png") + "')")
                .contains("@import \"" + site("other.css") + "\"")
                .contains("url(data:image/png;base64,AA==)");
    }

    @Test
    void should_follow_redirects_and_stop_redirect_loops() {
        assertThat(fetch(open, site("moved.css"), userToken).body()).contains("a:hover");
        Fetched loop = fetch(open, site("loop.css"), userToken);
        assertThat(loop.status()).isEqualTo(502);
        assertThat(loop.body()).contains("redirects");
    }

    @Test
    void should_refuse_when_no_live_session_member_asks() {
        assertThat(fetch(open, site("style.css"), null).status()).isEqualTo(403);
        assertThat(fetch(open, site("style.css"), "AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(403);
    }

    @Test
    void should_refuse_anything_but_stylesheets() {
        Fetched html = fetch(open, site("page.html"), userToken);
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.body()).contains("Not a stylesheet");
        assertThat(fetch(open, site("missing.css"), userToken).status()).isEqualTo(502);
        assertThat(fetch(open, site("big.css"), userToken).body()).contains("larger than");
    }

    @Test
    void should_refuse_loopback_and_private_addresses_by_default() {
        Fetched f = fetch(strict, site("style.css"), userToken);
        assertThat(f.status()).isEqualTo(403);
        assertThat(f.body()).contains("private or loopback");
    }

    @Test
    void should_refuse_other_schemes_and_malformed_urls() {
        assertThat(fetch(open, "file:///etc/passwd", userToken).status()).isEqualTo(400);
        assertThat(fetch(open, "http://user:pw@127.0.0.1/x.css", userToken).status()).isEqualTo(400);
        assertThat(fetch(open, "not a url", userToken).status()).isEqualTo(400);
    }

    @Test
    void should_refuse_hosts_outside_the_allowlist() {
        DisposableServer listed = serve(CssProxyOptions.DEFAULT.toBuilder().allowPrivateAddresses(true)
                .allowedHosts(java.util.List.of("*.example.com")).build());
        try {
            assertThat(fetch(listed, site("style.css"), userToken).status()).isEqualTo(403);
        } finally {
            listed.disposeNow();
        }
    }
}
