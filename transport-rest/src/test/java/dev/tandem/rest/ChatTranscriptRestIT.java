package dev.tandem.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.UnavailableException;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatStartRequest;
import dev.tandem.core.chat.ChatView;
import dev.tandem.core.chat.MessageContent;
import dev.tandem.core.history.ChatTranscript;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.core.history.SessionHistory;
import dev.tandem.core.history.TranscriptRecord;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.core.SessionToken;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** {@code GET /cobrowse/rest/history/chats/{chatId}}: a chat written by the chat engine, read back over HTTP. */
class ChatTranscriptRestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private DisposableServer server;

    record Response(int status, JsonNode body, String allow) {
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    private void serve(RestApi api) {
        server = HttpServer.create().host("127.0.0.1").port(0).route(api::mount).bindNow();
    }

    private Response request(String method, String uri) {
        return HttpClient.create().baseUrl("http://127.0.0.1:" + server.port())
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(uri)
                .responseSingle((res, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    try {
                        return new Response(res.status().code(), text.isEmpty() ? null : JSON.readTree(text),
                                res.responseHeaders().get("Allow"));
                    } catch (Exception e) {
                        throw new AssertionError("not JSON: " + text, e);
                    }
                }))
                .block(DEADLINE);
    }

    @Test
    void should_return_the_transcript_of_a_chat_the_engine_ran_when_read_from_the_in_memory_store() throws Exception {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        ChatEngine chats = ChatEngine.builder().transcriptStore(store).build();
        serve(RestApi.builder().engine(SessionEngine.builder().historyStore(store).build()).historyStore(store).build());
        ChatView customer = chats.start(new ChatStartRequest(Optional.of("John"), Optional.of("Order 1234")), n -> { })
                .block(DEADLINE);
        ChatView agent = chats.accept(customer.chatId(), Optional.empty(), n -> { }).block(DEADLINE);
        chats.send(customer.userToken(), new MessageContent.Text("Hi <b>there</b>")).block(DEADLINE);
        chats.send(customer.userToken(), new MessageContent.Cobrowse(new SessionToken("123456789"))).block(DEADLINE);
        chats.send(agent.userToken(), new MessageContent.Text("Joining your session")).block(DEADLINE);

        Response live = request("GET", "/cobrowse/rest/history/chats/" + customer.chatId());
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("endTime").isNull()).isTrue();
        assertThat(live.body().get("endReason").isNull()).isTrue();

        chats.leave(customer.userToken()).block(DEADLINE);
        Response r = request("GET", "/cobrowse/rest/history/chats/" + customer.chatId());

        assertThat(r.status()).isEqualTo(200);
        JsonNode t = r.body();
        long start = customer.startTime();
        assertThat(t.get("chatId").asText()).isEqualTo(customer.chatId().toString());
        assertThat(t.get("subject").asText()).isEqualTo("Order 1234");
        assertThat(t.get("startTime").asLong()).isEqualTo(start);
        assertThat(t.get("endTime").asLong()).isGreaterThanOrEqualTo(start);
        assertThat(t.get("endReason").asText()).isEqualTo("customerLeft");
        assertThat(t.get("participants")).hasSize(2);
        JsonNode john = t.get("participants").get(0);
        assertThat(john.get("userId").asInt()).isEqualTo(1);
        assertThat(john.get("role").asText()).isEqualTo("customer");
        assertThat(john.get("nickname").asText()).isEqualTo("John");
        assertThat(john.get("leftTime").isNull()).isTrue();
        assertThat(t.get("participants").get(1).get("nickname").isNull()).isTrue();
        assertThat(t.get("messages")).extracting(m -> m.get("seq").asInt() + ":" + m.get("from").asInt() + ":"
                        + m.get("kind").asText() + ":" + m.get("text").asText())
                .containsExactly("1:1:text:Hi <b>there</b>", "2:1:cobrowse:{start:123456789}", "3:2:text:Joining your session");
        assertThat(t.get("messages").get(1).get("sessionToken").asText()).isEqualTo("123456789");
        assertThat(t.get("messages").get(0).has("sessionToken")).isFalse();
    }

    @Test
    void should_answer_400_404_405_for_bad_ids_unknown_chats_and_wrong_methods() {
        InMemoryHistoryStore store = new InMemoryHistoryStore();
        serve(RestApi.builder().engine(SessionEngine.builder().build()).historyStore(store).build());

        Response malformed = request("GET", "/cobrowse/rest/history/chats/not-a-chat");
        Response unknown = request("GET", "/cobrowse/rest/history/chats/3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b");
        Response post = request("POST", "/cobrowse/rest/history/chats/3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b");

        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get("error").asText()).startsWith("'not-a-chat' is not a chat id");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).isEqualTo(
                "No chat transcript with id 3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b; it never existed or has expired");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.allow()).isEqualTo("GET, OPTIONS");
    }

    @Test
    void should_answer_503_with_the_store_message_when_the_store_is_unavailable() {
        TranscriptStore down = new TranscriptStore() {
            @Override
            public Mono<Void> append(TranscriptRecord record) {
                return Mono.empty();
            }

            @Override
            public Mono<ChatTranscript> find(ChatId id) {
                return Mono.error(new UnavailableException("The chat transcript is unavailable: not connected to "
                        + "Cassandra at db1:9042 yet; retry"));
            }
        };
        serve(RestApi.builder().engine(SessionEngine.builder().build()).historyStore(new InMemoryHistoryStore())
                .transcriptStore(down).build());

        Response r = request("GET", "/cobrowse/rest/history/chats/3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.body().get("error").asText()).startsWith("The chat transcript is unavailable");
    }

    @Test
    void should_answer_404_when_the_server_keeps_no_transcripts() {
        HistoryStore historyOnly = new HistoryStore() {
            @Override
            public Mono<Void> append(HistoryRecord record) {
                return Mono.empty();
            }

            @Override
            public Mono<SessionHistory> find(SessionHistoryId id) {
                return Mono.empty();
            }
        };
        serve(RestApi.builder().engine(SessionEngine.builder().build()).historyStore(historyOnly).build());

        Response r = request("GET", "/cobrowse/rest/history/chats/3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("error").asText()).contains("keeps no chat transcripts");
    }
}
