package dev.tandem.history.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.EndReason;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UnavailableException;
import dev.tandem.core.history.Await;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.MessageKind;
import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.TranscriptRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** The store while no Cassandra answers: nothing fails at start, appends wait, reads say why they cannot. */
class CassandraHistoryStoreDisconnectedTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private CassandraHistoryStore store;

    @BeforeEach
    void startAgainstNothing() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        store = CassandraHistoryStore.builder()
                .options(CassandraOptions.DEFAULT.toBuilder()
                        .contactPoints(List.of("127.0.0.1:" + port))
                        .connectTimeout(Duration.ofMillis(500))
                        .retryMaxDelay(Duration.ofMillis(500))
                        .queueCapacity(10)
                        .build())
                .start();
    }

    @AfterEach
    void close() {
        store.close().block(DEADLINE);
    }

    @Test
    void should_start_and_keep_records_when_cassandra_is_down() {
        SessionHistoryId id = newId();

        CompletableFuture<Void> appended = store.append(new HistoryRecord.Created(id, new SessionToken("123456789"), 1))
                .toFuture();

        assertThat(appended).isCompleted();
        assertThat(store.backlog()).isEqualTo(1);
        assertThat(store.isConnected()).isFalse();
        assertThat(store.stats()).isEqualTo(new HistoryStoreStats(0, 0, 0, 1, 0, false, store.stats().connectAttempts()));
    }

    @Test
    void should_fail_find_with_history_unavailable_when_not_connected() {
        StepVerifier.create(store.find(newId()))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(HistoryUnavailableException.class)
                        .isInstanceOf(UnavailableException.class)
                        .hasMessageContaining("not connected to Cassandra at 127.0.0.1:")
                        .hasMessageContaining("retry"))
                .verify(DEADLINE);
    }

    @Test
    void should_keep_trying_to_connect_when_cassandra_stays_down() {
        Await.until("the store retried connecting", DEADLINE, () -> store.stats().connectAttempts() >= 2);
        assertThat(store.isConnected()).isFalse();
    }

    @Test
    void should_refuse_new_sessions_first_then_every_record_when_backlog_is_full() {
        SessionHistoryId live = newId();
        for (int i = 0; i < 9; i++) {
            store.append(new HistoryRecord.PageEntered(live, i, "https://a.example/" + i, i)).block(DEADLINE);
        }

        StepVerifier.create(store.append(new HistoryRecord.Created(newId(), new SessionToken("000000002"), 2)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HistoryBacklogFullException.class)
                        .hasMessageContaining("will have no history").hasMessageContaining("queue-capacity"))
                .verify(DEADLINE);
        StepVerifier.create(store.append(new HistoryRecord.Deactivated(live, 99, EndReason.STOPPED)))
                .verifyComplete();
        StepVerifier.create(store.append(new HistoryRecord.Activated(live, 3)))
                .expectError(HistoryBacklogFullException.class)
                .verify(DEADLINE);

        assertThat(store.backlog()).isEqualTo(10);
        assertThat(store.stats().rejected()).isEqualTo(2);
    }

    @Test
    void should_refuse_new_chats_first_from_the_same_backlog_when_it_fills() {
        SessionHistoryId live = newId();
        for (int i = 0; i < 9; i++) {
            store.append(new HistoryRecord.PageEntered(live, i, "https://a.example/" + i, i)).block(DEADLINE);
        }
        ChatId chat = new ChatId(UUID.randomUUID());

        StepVerifier.create(store.append(new TranscriptRecord.Started(chat, 1, Optional.empty())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HistoryBacklogFullException.class)
                        .hasMessageContaining("the new chat " + chat + " will have no transcript"))
                .verify(DEADLINE);
        StepVerifier.create(store.append(new TranscriptRecord.Ended(chat, 2, ChatEndReason.CUSTOMER_LEFT)))
                .verifyComplete();
        StepVerifier.create(store.append(new TranscriptRecord.Posted(chat, new ChatMessage(1, 1, MessageKind.TEXT, "hi",
                        Optional.empty(), 3))))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("a Posted record of chat " + chat))
                .verify(DEADLINE);
        assertThat(store.backlog()).isEqualTo(10);
    }

    @Test
    void should_fail_a_transcript_read_with_history_unavailable_when_not_connected() {
        StepVerifier.create(store.find(new ChatId(UUID.randomUUID())))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(HistoryUnavailableException.class)
                        .hasMessageStartingWith("The chat transcript is unavailable: not connected to Cassandra"))
                .verify(DEADLINE);
    }

    @Test
    void should_refuse_appends_and_reads_when_closed() {
        store.close().block(DEADLINE);

        StepVerifier.create(store.append(new HistoryRecord.Activated(newId(), 1)))
                .expectError(HistoryUnavailableException.class).verify(DEADLINE);
        StepVerifier.create(store.find(newId()))
                .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("closed")).verify(DEADLINE);
    }

    private static SessionHistoryId newId() {
        return new SessionHistoryId(UUID.randomUUID());
    }
}
