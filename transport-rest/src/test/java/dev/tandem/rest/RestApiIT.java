package dev.tandem.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Notification;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionToken;
import dev.tandem.core.history.InMemoryHistoryStore;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** Every Realtime REST and History REST endpoint, status code and the gcbSessionServer cookie. */
class RestApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    static SessionEngine engine;
    static InMemoryHistoryStore store;
    static DisposableServer server;
    static HttpClient client;

    record Response(int status, JsonNode body, List<String> cookies, String allow) {
    }

    @BeforeAll
    static void start() {
        store = new InMemoryHistoryStore();
        engine = SessionEngine.builder().historyStore(store).build();
        RestApi api = RestApi.builder().engine(engine).historyStore(store)
                .options(RestOptions.DEFAULT.toBuilder().nodeName("node-a").build()).build();
        server = HttpServer.create().host("127.0.0.1").port(0).route(api::mount).bindNow();
        client = HttpClient.create().baseUrl("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() {
        server.disposeNow();
        engine.shutdown().block(DEADLINE);
    }

    static Response call(HttpMethod method, String uri, String contentType, String body) {
        return client.headers(h -> {
                    if (contentType != null) {
                        h.set("Content-Type", contentType);
                    }
                })
                .request(method).uri(uri)
                .send(body == null ? ByteBufFlux.empty() : ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    try {
                        JsonNode node = text.isEmpty() ? null : JSON.readTree(text);
                        return new Response(res.status().code(), node,
                                res.responseHeaders().getAll("Set-Cookie"), res.responseHeaders().get("Allow"));
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + text, e);
                    }
                }))
                .block(DEADLINE);
    }

    static Response get(String uri) {
        return call(HttpMethod.GET, uri, null, null);
    }


    static JoinResult join(String token, Role role) {
        return engine.join(JoinRequest.of(new SessionToken(token), role), n -> { }).block(DEADLINE);
    }

    @Test
    void should_create_session_with_token_node_name_and_cookie_when_posting_sessions() {
        Response r = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("sessionToken").asText()).matches("\\d{9}");
        assertThat(r.body().get("sessionServerName").asText()).isEqualTo("node-a");
        assertThat(r.body().size()).isEqualTo(2);
        assertThat(r.cookies()).singleElement().asString().startsWith("gcbSessionServer=node-a;").contains("Path=/");
    }

    @Test
    void should_accept_json_object_body_when_creating() {
        Response r = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", "application/json", "{}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("sessionToken").asText()).matches("\\d{9}");
    }

    @Test
    void should_return_same_body_when_getting_a_live_session() {
        String token = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null).body().get("sessionToken").asText();

        Response r = get("/cobrowse/rest/live/sessions/" + token);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(JSON.createObjectNode().put("sessionToken", token).put("sessionServerName", "node-a"));
        assertThat(r.cookies()).singleElement().asString().startsWith("gcbSessionServer=node-a");
    }

    @Test
    void should_answer_404_when_session_is_unknown_and_400_when_token_is_malformed() {
        Response unknown = get("/cobrowse/rest/live/sessions/000000000");
        Response malformed = get("/cobrowse/rest/live/sessions/12ab");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).contains("000000000");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).contains("9 decimal digits");
    }

    @Test
    void should_stop_session_and_return_times_when_controller_calls_stop() {
        String token = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null).body().get("sessionToken").asText();
        join(token, Role.MASTER);
        join(token, Role.SLAVE);
        JoinResult controller = join(token, Role.CONTROLLER);

        Response r = get("/cobrowse/rest/live/users/" + controller.userToken().value() + "/session/stop");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("activationTime").isNumber()).isTrue();
        assertThat(r.body().get("deactivationTime").asLong()).isGreaterThanOrEqualTo(r.body().get("activationTime").asLong());
        assertThat(r.body().size()).isEqualTo(2);
        assertThat(get("/cobrowse/rest/live/sessions/" + token).status()).isEqualTo(404);
    }

    @Test
    void should_answer_403_when_a_slave_or_master_calls_stop() {
        String token = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null).body().get("sessionToken").asText();
        JoinResult master = join(token, Role.MASTER);
        JoinResult slave = join(token, Role.SLAVE);

        Response bySlave = get("/cobrowse/rest/live/users/" + slave.userToken().value() + "/session/stop");
        Response byMaster = get("/cobrowse/rest/live/users/" + master.userToken().value() + "/session/stop");

        assertThat(bySlave.status()).isEqualTo(403);
        assertThat(byMaster.status()).isEqualTo(403);
        assertThat(bySlave.body().get("error").asText()).isNotBlank();
        assertThat(get("/cobrowse/rest/live/sessions/" + token).status()).isEqualTo(200);
    }

    @Test
    void should_answer_404_for_unknown_user_token_and_400_for_malformed_one() {
        assertThat(get("/cobrowse/rest/live/users/AAAAAAAAAAAAAAAAAAAAAA/session/stop").status()).isEqualTo(404);
        assertThat(get("/cobrowse/rest/live/users/not*a*token/session/stop").status()).isEqualTo(400);
    }

    @Test
    void should_answer_405_with_allow_when_method_is_wrong() {
        Response getCreate = get("/cobrowse/rest/live/sessions");
        Response postStop = call(HttpMethod.POST, "/cobrowse/rest/live/users/AAAAAAAAAAAAAAAAAAAAAA/session/stop", null, null);
        Response deleteSession = call(HttpMethod.DELETE, "/cobrowse/rest/live/sessions/123456789", null, null);

        assertThat(getCreate.status()).isEqualTo(405);
        assertThat(getCreate.allow()).contains("POST");
        assertThat(getCreate.body().get("error").asText()).contains("POST");
        assertThat(postStop.status()).isEqualTo(405);
        assertThat(deleteSession.status()).isEqualTo(405);
    }

    @Test
    void should_answer_415_when_content_type_is_not_json() {
        Response r = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", "text/plain", "hello");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.body().get("error").asText()).contains("application/json");
    }

    @Test
    void should_answer_400_when_body_is_not_a_json_object() {
        assertThat(call(HttpMethod.POST, "/cobrowse/rest/live/sessions", "application/json", "[1,2").status()).isEqualTo(400);
        assertThat(call(HttpMethod.POST, "/cobrowse/rest/live/sessions", "application/json", "[]").status()).isEqualTo(400);
    }

    @Test
    void should_answer_413_when_body_is_too_large() {
        String big = "{\"x\":\"" + "a".repeat(64 * 1024) + "\"}";
        assertThat(call(HttpMethod.POST, "/cobrowse/rest/live/sessions", "application/json", big).status()).isEqualTo(413);
    }

    @Test
    void should_answer_json_404_for_unknown_paths() {
        Response r = get("/cobrowse/rest/live/nothing/here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void should_return_the_seed_history_body_when_session_has_ended() {
        String token = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null).body().get("sessionToken").asText();
        JoinResult master = join(token, Role.MASTER);
        join(token, Role.SLAVE);
        engine.reportPage(master.userToken(), "http://example.com/a").block(DEADLINE);
        engine.reportPage(master.userToken(), "http://example.com/b").block(DEADLINE);
        engine.exit(master.userToken()).block(DEADLINE);

        Response r = get("/cobrowse/rest/history/sessions/" + master.historyId());

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.body();
        assertThat(fieldNames(body)).containsExactly("id", "sessionToken", "creationTime", "activationTime", "deactivationTime", "pages");
        assertThat(body.get("id").asText()).isEqualTo(master.historyId().toString());
        assertThat(body.get("sessionToken").asText()).isEqualTo(token);
        assertThat(body.get("deactivationTime").isNumber()).isTrue();
        assertThat(body.get("pages")).hasSize(2);
        assertThat(fieldNames(body.get("pages").get(0))).containsExactly("url", "enteredTimestamp", "duration");
        assertThat(body.get("pages").get(1).get("url").asText()).isEqualTo("http://example.com/b");
    }

    @Test
    void should_return_partial_history_with_null_deactivation_when_session_is_live() {
        String token = call(HttpMethod.POST, "/cobrowse/rest/live/sessions", null, null).body().get("sessionToken").asText();
        JoinResult master = join(token, Role.MASTER);

        Response r = get("/cobrowse/rest/history/sessions/" + master.historyId());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("deactivationTime").isNull()).isTrue();
        assertThat(r.body().get("activationTime").isNull()).isTrue();
    }

    @Test
    void should_answer_400_for_malformed_history_id_and_404_for_unknown_one() {
        Response malformed = get("/cobrowse/rest/history/sessions/not-a-uuid");
        Response unknown = get("/cobrowse/rest/history/sessions/83d03970-c959-11e2-857d-082e5f12b9a1");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).contains("UUID");
        assertThat(unknown.status()).isEqualTo(404);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new CopyOnWriteArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
