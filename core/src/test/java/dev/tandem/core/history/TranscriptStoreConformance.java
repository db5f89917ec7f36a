package dev.tandem.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SessionToken;
import dev.tandem.core.chat.ChatEndReason;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatRole;
import dev.tandem.core.chat.LeaveReason;
import dev.tandem.core.chat.MessageKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour every {@link TranscriptStore} must have; the in-memory store and the Cassandra store both run it.
 * A store's test extends this class and says how to make a store; each test gets a new one (closed afterwards) and
 * uses fresh chat ids, so stores backed by a shared database need no cleaning.
 *
 * <p>Stores may write asynchronously: the suite waits until {@link TranscriptStore#backlog()} is 0 before reading.
 */
public abstract class TranscriptStoreConformance {

    /** How long any single wait in the suite may take. */
    protected static final Duration DEADLINE = Duration.ofSeconds(30);
    /** The example chat's start time. */
    public static final long T0 = 1_700_000_000_000L;

    private TranscriptStore store;

    /** A new store, ready to serve {@link TranscriptStore#find} when returned. */
    protected abstract TranscriptStore createStore();

    @BeforeEach
    void openStore() {
        store = createStore();
    }

    @AfterEach
    void closeStore() {
        store.close().block(DEADLINE);
    }

    /** The store under test. */
    protected final TranscriptStore store() {
        return store;
    }

    // ---------------------------------------------------------------------------------------- the tests

    @Test
    void should_return_the_whole_chat_when_all_records_are_appended() {
        ChatId id = newId();

        appendAll(exampleChat(id));

        ChatTranscript transcript = findWritten(id).orElseThrow();
        assertThat(transcript).isEqualTo(expectedExample(id));
        assertThat(transcript.complete()).isTrue();
    }

    @Test
    void should_store_each_record_once_when_every_record_is_appended_twice() {
        ChatId id = newId();
        List<TranscriptRecord> records = exampleChat(id);
        List<TranscriptRecord> twice = new ArrayList<>(records);
        List<TranscriptRecord> reversed = new ArrayList<>(records);
        Collections.reverse(reversed);
        twice.addAll(reversed);

        appendAll(twice);

        assertThat(findWritten(id)).contains(expectedExample(id));
    }

    @Test
    void should_order_participants_and_messages_when_records_arrive_in_any_order() {
        ChatId id = newId();
        List<TranscriptRecord> shuffled = new ArrayList<>(exampleChat(id));
        Collections.shuffle(shuffled, new Random(3));

        appendAll(shuffled);

        assertThat(findWritten(id)).contains(expectedExample(id));
    }

    @Test
    void should_return_empty_when_the_id_is_unknown() {
        appendAll(exampleChat(newId()));

        assertThat(findWritten(newId())).isEmpty();
    }

    @Test
    void should_return_empty_when_only_messages_were_stored_without_the_start() {
        ChatId id = newId();
        appendAll(List.of(new TranscriptRecord.Posted(id, text(1, 1, "hello", T0))));

        assertThat(findWritten(id)).isEmpty();
    }

    @Test
    void should_show_a_live_chat_as_it_stands_without_an_end() {
        ChatId id = newId();
        appendAll(List.of(
                new TranscriptRecord.Started(id, T0, Optional.empty()),
                new TranscriptRecord.Joined(id, 1, ChatRole.CUSTOMER, Optional.empty(), T0),
                new TranscriptRecord.Posted(id, text(1, 1, "Is anyone there?", T0 + 1_000))));

        ChatTranscript transcript = findWritten(id).orElseThrow();

        assertThat(transcript.endTime()).isEmpty();
        assertThat(transcript.endReason()).isEmpty();
        assertThat(transcript.complete()).isFalse();
        assertThat(transcript.subject()).isEmpty();
        assertThat(transcript.participants()).containsExactly(new ChatTranscript.Participant(1, ChatRole.CUSTOMER,
                Optional.empty(), T0, OptionalLong.empty(), Optional.empty()));
        assertThat(transcript.messages()).containsExactly(text(1, 1, "Is anyone there?", T0 + 1_000));
    }

    @Test
    void should_leave_out_a_member_whose_leaving_is_stored_before_its_joining() {
        ChatId id = newId();
        appendAll(List.of(new TranscriptRecord.Started(id, T0, Optional.empty()),
                new TranscriptRecord.Left(id, 2, T0 + 5_000, LeaveReason.TIMEOUT)));
        assertThat(findWritten(id).orElseThrow().participants()).isEmpty();

        appendAll(List.of(new TranscriptRecord.Joined(id, 2, ChatRole.AGENT, Optional.of("Bob"), T0 + 1_000)));

        assertThat(findWritten(id).orElseThrow().participants()).containsExactly(new ChatTranscript.Participant(2,
                ChatRole.AGENT, Optional.of("Bob"), T0 + 1_000, OptionalLong.of(T0 + 5_000), Optional.of(LeaveReason.TIMEOUT)));
    }

    @Test
    void should_keep_text_exactly_when_it_has_any_unicode_and_markup() {
        ChatId id = newId();
        String text = "Ça coûte 12 € — 注文 #42 \uD83D\uDE00 <b>bold</b> \"quoted\" 'single'\n\tnext line \u202Eevil";
        appendAll(List.of(new TranscriptRecord.Started(id, T0, Optional.of("Sujet — ü")),
                new TranscriptRecord.Joined(id, 1, ChatRole.CUSTOMER, Optional.of("Zoë 🙂"), T0),
                new TranscriptRecord.Posted(id, text(1, 1, text, T0))));

        ChatTranscript transcript = findWritten(id).orElseThrow();

        assertThat(transcript.messages().get(0).text()).isEqualTo(text);
        assertThat(transcript.subject()).contains("Sujet — ü");
        assertThat(transcript.participants().get(0).nickname()).contains("Zoë 🙂");
    }

    @Test
    void should_keep_every_record_and_chats_apart_when_appended_concurrently() {
        int chats = 30;
        int messages = 20;
        List<ChatId> ids = new ArrayList<>();
        List<TranscriptRecord> all = new ArrayList<>();
        for (int c = 0; c < chats; c++) {
            ChatId id = newId();
            ids.add(id);
            all.addAll(chat(id, c, messages));
        }
        Collections.shuffle(all, new Random(42));

        Flux.fromIterable(all)
                .flatMap(r -> store.append(r).subscribeOn(Schedulers.parallel()), 32)
                .then()
                .block(DEADLINE);

        awaitWritten();
        for (int c = 0; c < chats; c++) {
            ChatTranscript transcript = find(ids.get(c)).orElseThrow();
            assertThat(transcript.startTime()).isEqualTo(base(c));
            assertThat(transcript.endTime()).hasValue(base(c) + (messages + 1) * 1_000L);
            assertThat(transcript.participants()).extracting(ChatTranscript.Participant::userId).containsExactly(1, 2);
            assertThat(transcript.messages()).hasSize(messages);
            for (int m = 0; m < messages; m++) {
                assertThat(transcript.messages().get(m)).isEqualTo(text(m + 1, 1 + m % 2, "chat " + c + " message " + m,
                        base(c) + (m + 1) * 1_000L));
            }
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    /** A fresh, random chat id. */
    public static ChatId newId() {
        return new ChatId(UUID.randomUUID());
    }

    /**
     * A whole chat: John starts it ("Order 1234"), Bob accepts, John writes and shares his co-browse session,
     * Alice joins and leaves, Bob answers and ends the chat.
     */
    public static List<TranscriptRecord> exampleChat(ChatId id) {
        return List.of(
                new TranscriptRecord.Started(id, T0, Optional.of("Order 1234")),
                new TranscriptRecord.Joined(id, 1, ChatRole.CUSTOMER, Optional.of("John"), T0),
                new TranscriptRecord.Posted(id, text(1, 1, "Hi, my order is late", T0 + 2_000)),
                new TranscriptRecord.Joined(id, 2, ChatRole.AGENT, Optional.of("Bob"), T0 + 5_000),
                new TranscriptRecord.Posted(id, text(2, 2, "Let me look. Can you share your screen?", T0 + 9_000)),
                new TranscriptRecord.Posted(id, new ChatMessage(3, 1, MessageKind.COBROWSE, "{start:123456789}",
                        Optional.of(new SessionToken("123456789")), T0 + 15_000)),
                new TranscriptRecord.Joined(id, 3, ChatRole.AGENT, Optional.empty(), T0 + 20_000),
                new TranscriptRecord.Left(id, 3, T0 + 40_000, LeaveReason.LEFT),
                new TranscriptRecord.Posted(id, text(4, 2, "Done: it ships today.", T0 + 60_000)),
                new TranscriptRecord.Ended(id, T0 + 65_000, ChatEndReason.AGENT_ENDED));
    }

    /** What {@link #exampleChat} reads back as. */
    public static ChatTranscript expectedExample(ChatId id) {
        return new ChatTranscript(id, Optional.of("Order 1234"), T0, OptionalLong.of(T0 + 65_000),
                Optional.of(ChatEndReason.AGENT_ENDED), List.of(
                new ChatTranscript.Participant(1, ChatRole.CUSTOMER, Optional.of("John"), T0, OptionalLong.empty(), Optional.empty()),
                new ChatTranscript.Participant(2, ChatRole.AGENT, Optional.of("Bob"), T0 + 5_000, OptionalLong.empty(), Optional.empty()),
                new ChatTranscript.Participant(3, ChatRole.AGENT, Optional.empty(), T0 + 20_000, OptionalLong.of(T0 + 40_000),
                        Optional.of(LeaveReason.LEFT))), List.of(
                text(1, 1, "Hi, my order is late", T0 + 2_000),
                text(2, 2, "Let me look. Can you share your screen?", T0 + 9_000),
                new ChatMessage(3, 1, MessageKind.COBROWSE, "{start:123456789}", Optional.of(new SessionToken("123456789")),
                        T0 + 15_000),
                text(4, 2, "Done: it ships today.", T0 + 60_000)));
    }

    /** Chat number {@code n}: a customer and an agent taking turns for {@code messages} messages 1 s apart. */
    public static List<TranscriptRecord> chat(ChatId id, int n, int messages) {
        List<TranscriptRecord> records = new ArrayList<>();
        records.add(new TranscriptRecord.Started(id, base(n), Optional.of("chat " + n)));
        records.add(new TranscriptRecord.Joined(id, 1, ChatRole.CUSTOMER, Optional.empty(), base(n)));
        records.add(new TranscriptRecord.Joined(id, 2, ChatRole.AGENT, Optional.of("agent"), base(n)));
        for (int m = 0; m < messages; m++) {
            records.add(new TranscriptRecord.Posted(id, text(m + 1, 1 + m % 2, "chat " + n + " message " + m,
                    base(n) + (m + 1) * 1_000L)));
        }
        records.add(new TranscriptRecord.Ended(id, base(n) + (messages + 1) * 1_000L, ChatEndReason.CUSTOMER_LEFT));
        return records;
    }

    public static ChatMessage text(int seq, int from, String text, long time) {
        return new ChatMessage(seq, from, MessageKind.TEXT, text, Optional.empty(), time);
    }

    private static long base(int n) {
        return T0 + n * 1_000_000L;
    }

    /** Appends {@code records} one after the other, each once. */
    protected final void appendAll(List<TranscriptRecord> records) {
        Flux.fromIterable(records).concatMap(store::append).then().block(DEADLINE);
    }

    /** Waits until the store has durably written everything it accepted. */
    protected final void awaitWritten() {
        Await.until("the transcript backlog is written (now " + store.backlog() + ")", DEADLINE,
                () -> store.backlog() == 0);
    }

    /** {@link TranscriptStore#find}, waiting for it. */
    protected final Optional<ChatTranscript> find(ChatId id) {
        return store.find(id).blockOptional(DEADLINE);
    }

    /** Waits until everything appended is written, then finds. */
    protected final Optional<ChatTranscript> findWritten(ChatId id) {
        awaitWritten();
        return find(id);
    }
}
