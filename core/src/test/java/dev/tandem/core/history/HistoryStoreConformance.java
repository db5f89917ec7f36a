package dev.tandem.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.EndReason;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.SessionToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The behaviour every {@link HistoryStore} must have. A store's test extends this class and says how
 * to make a store; each test gets a new one (closed afterwards) and uses fresh session ids, so stores
 * backed by a shared database need no cleaning.
 *
 * <p>Stores may write asynchronously: the suite waits until {@link HistoryStore#backlog()} is 0 before
 * reading, as the SPI allows.
 */
public abstract class HistoryStoreConformance {

    /** How long any single wait in the suite may take. */
    protected static final Duration DEADLINE = Duration.ofSeconds(30);

    /** "Now" as the store under test sees it; tests move it. */
    protected final AtomicLong now = new AtomicLong(1_369_939_800_000L);

    private HistoryStore store;

    /**
     * A new store whose clock is {@code clock}, ready to serve {@link HistoryStore#find} when returned
     * (a store that connects in the background should wait for its connection here).
     */
    protected abstract HistoryStore createStore(LongSupplier clock);

    @BeforeEach
    void openStore() {
        store = createStore(now::get);
    }

    @AfterEach
    void closeStore() {
        store.close().block(DEADLINE);
    }

    /** The store under test. */
    protected final HistoryStore store() {
        return store;
    }

    // ---------------------------------------------------------------------------------------- the tests

    @Test
    void should_return_whole_session_with_exact_durations_when_all_records_appended() {
        SessionHistoryId id = newId();

        appendAll(seedSession(id));

        SessionHistory history = findWritten(id).orElseThrow();
        assertThat(history).isEqualTo(expectedSeedHistory(id));
        assertThat(history.pages()).extracting(PageVisit::duration).containsExactly(11L, 7L, 11L);
        assertThat(history.complete()).isTrue();
    }

    @Test
    void should_store_each_record_once_when_every_record_is_appended_twice() {
        SessionHistoryId id = newId();
        List<HistoryRecord> records = seedSession(id);
        List<HistoryRecord> twice = new ArrayList<>(records);
        List<HistoryRecord> reversed = new ArrayList<>(records);
        Collections.reverse(reversed);
        twice.addAll(reversed);

        appendAll(twice);

        SessionHistory history = findWritten(id).orElseThrow();
        assertThat(history.pages()).hasSize(3);
        assertThat(history).isEqualTo(expectedSeedHistory(id));
    }

    @Test
    void should_order_pages_by_sequence_when_records_arrive_out_of_order() {
        SessionHistoryId id = newId();
        List<HistoryRecord> r = seedSession(id);
        // deactivated first, then the last page, activation, first page, creation and the middle page
        appendAll(List.of(r.get(5), r.get(4), r.get(1), r.get(2), r.get(0), r.get(3)));

        assertThat(findWritten(id)).contains(expectedSeedHistory(id));
    }

    @Test
    void should_return_empty_when_id_is_unknown() {
        appendAll(seedSession(newId()));

        assertThat(findWritten(newId())).isEmpty();
    }

    @Test
    void should_leave_deactivation_empty_and_count_last_page_until_now_when_session_is_live() {
        SessionHistoryId id = newId();
        appendAll(List.of(
                new HistoryRecord.Created(id, new SessionToken("123456789"), 1_000_000L),
                new HistoryRecord.Activated(id, 1_002_000L),
                new HistoryRecord.PageEntered(id, 0, "https://shop.example/", 1_001_000L),
                new HistoryRecord.PageEntered(id, 1, "https://shop.example/cart", 1_010_500L)));
        now.set(1_010_500L + 42_999L);

        SessionHistory history = findWritten(id).orElseThrow();

        assertThat(history.deactivationTime()).isEmpty();
        assertThat(history.complete()).isFalse();
        assertThat(history.activationTime()).hasValue(1_002_000L);
        assertThat(history.pages()).containsExactly(
                new PageVisit("https://shop.example/", 1_001_000L, 8),
                new PageVisit("https://shop.example/cart", 1_010_500L, 42));
    }

    @Test
    void should_count_pages_from_their_entry_when_session_was_never_activated() {
        SessionHistoryId id = newId();
        appendAll(List.of(
                new HistoryRecord.Created(id, new SessionToken("000000001"), 5_000L),
                new HistoryRecord.PageEntered(id, 0, "https://a.example/", 6_000L),
                new HistoryRecord.PageEntered(id, 1, "https://a.example/b", 9_500L),
                new HistoryRecord.Deactivated(id, 30_000L, EndReason.INACTIVITY_TIMEOUT)));

        SessionHistory history = findWritten(id).orElseThrow();

        assertThat(history.activationTime()).isEmpty();
        assertThat(history.deactivationTime()).hasValue(30_000L);
        assertThat(history.pages()).containsExactly(
                new PageVisit("https://a.example/", 6_000L, 3),
                new PageVisit("https://a.example/b", 9_500L, 20));
    }

    @Test
    void should_count_first_page_from_activation_when_entered_before_activation() {
        SessionHistoryId id = newId();
        appendAll(List.of(
                new HistoryRecord.Created(id, new SessionToken("987654321"), 10_000L),
                new HistoryRecord.PageEntered(id, 0, "https://a.example/", 10_100L),
                new HistoryRecord.Activated(id, 20_000L),
                new HistoryRecord.PageEntered(id, 1, "https://a.example/next", 25_000L),
                new HistoryRecord.Deactivated(id, 27_000L, EndReason.STOPPED)));

        assertThat(findWritten(id).orElseThrow().pages()).extracting(PageVisit::duration).containsExactly(5L, 2L);
    }

    @Test
    void should_return_empty_when_only_pages_were_stored_without_creation() {
        SessionHistoryId id = newId();
        appendAll(List.of(new HistoryRecord.PageEntered(id, 0, "https://a.example/", 1_000L)));

        assertThat(findWritten(id)).isEmpty();
    }

    @Test
    void should_keep_every_record_and_sessions_apart_when_appended_concurrently() {
        int sessions = 40;
        int pages = 5;
        List<SessionHistoryId> ids = new ArrayList<>();
        List<HistoryRecord> all = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            SessionHistoryId id = newId();
            ids.add(id);
            all.addAll(session(id, s, pages));
        }
        Collections.shuffle(all, new Random(42));

        Flux.fromIterable(all)
                .flatMap(r -> store.append(r).subscribeOn(Schedulers.parallel()), 32)
                .then()
                .block(DEADLINE);

        awaitWritten();
        for (int s = 0; s < sessions; s++) {
            SessionHistory history = find(ids.get(s)).orElseThrow();
            assertThat(history.sessionToken()).isEqualTo(token(s));
            assertThat(history.creationTime()).isEqualTo(base(s));
            assertThat(history.activationTime()).hasValue(base(s) + 1_000);
            assertThat(history.deactivationTime()).hasValue(base(s) + 2_000 + pages * 10_000L);
            assertThat(history.pages()).hasSize(pages);
            for (int p = 0; p < pages; p++) {
                assertThat(history.pages().get(p))
                        .isEqualTo(new PageVisit(url(s, p), base(s) + 2_000 + p * 10_000L, 10));
            }
        }
    }

    // ------------------------------------------------------------------------------------- helpers

    /** A fresh, random history id. */
    public static SessionHistoryId newId() {
        return new SessionHistoryId(UUID.randomUUID());
    }

    /** The session of the seed's History REST API example, in the order the engine records it. */
    public static List<HistoryRecord> seedSession(SessionHistoryId id) {
        return List.of(
                new HistoryRecord.Created(id, new SessionToken("519333886"), 1_369_939_707_527L),
                new HistoryRecord.Activated(id, 1_369_939_712_516L),
                new HistoryRecord.PageEntered(id, 0, "http://www.genesyslab.com/general-pages/about-us.aspx",
                        1_369_939_712_594L),
                new HistoryRecord.PageEntered(id, 1, "http://www.genesyslab.com/news-and-events/index.aspx",
                        1_369_939_723_764L),
                new HistoryRecord.PageEntered(id, 2, "http://www.genesyslab.com/general-pages/genesys-history.aspx",
                        1_369_939_731_685L),
                new HistoryRecord.Deactivated(id, 1_369_939_743_522L, EndReason.STOPPED));
    }

    /** What {@link #seedSession} reads back as. */
    public static SessionHistory expectedSeedHistory(SessionHistoryId id) {
        return new SessionHistory(id, new SessionToken("519333886"), 1_369_939_707_527L,
                OptionalLong.of(1_369_939_712_516L), OptionalLong.of(1_369_939_743_522L), List.of(
                        new PageVisit("http://www.genesyslab.com/general-pages/about-us.aspx", 1_369_939_712_594L, 11),
                        new PageVisit("http://www.genesyslab.com/news-and-events/index.aspx", 1_369_939_723_764L, 7),
                        new PageVisit("http://www.genesyslab.com/general-pages/genesys-history.aspx",
                                1_369_939_731_685L, 11)));
    }

    /**
     * A complete session number {@code n} with {@code pages} pages 10 s apart: created at
     * {@code base(n)}, activated 1 s later, first page 2 s after creation, deactivated 10 s after the last.
     */
    public static List<HistoryRecord> session(SessionHistoryId id, int n, int pages) {
        List<HistoryRecord> records = new ArrayList<>();
        records.add(new HistoryRecord.Created(id, token(n), base(n)));
        records.add(new HistoryRecord.Activated(id, base(n) + 1_000));
        for (int p = 0; p < pages; p++) {
            records.add(new HistoryRecord.PageEntered(id, p, url(n, p), base(n) + 2_000 + p * 10_000L));
        }
        records.add(new HistoryRecord.Deactivated(id, base(n) + 2_000 + pages * 10_000L, EndReason.MASTER_EXITED));
        return records;
    }

    private static SessionToken token(int n) {
        return new SessionToken(String.format("%09d", 100_000_000 + n));
    }

    private static long base(int n) {
        return 1_700_000_000_000L + n * 1_000_000L;
    }

    private static String url(int n, int p) {
        return "https://shop.example/" + n + "/page-" + p;
    }

    /** Appends {@code records} one after the other, each once. */
    protected final void appendAll(List<HistoryRecord> records) {
        Flux.fromIterable(records).concatMap(store::append).then().block(DEADLINE);
    }

    /** Waits until the store has durably written everything it accepted. */
    protected final void awaitWritten() {
        Await.until("the history backlog is written (now " + store.backlog() + ")", DEADLINE,
                () -> store.backlog() == 0);
    }

    /** {@link HistoryStore#find}, waiting for it. */
    protected final Optional<SessionHistory> find(SessionHistoryId id) {
        return store.find(id).blockOptional(DEADLINE);
    }

    /** Waits until everything appended is written, then finds. */
    protected final Optional<SessionHistory> findWritten(SessionHistoryId id) {
        awaitWritten();
        return find(id);
    }
}
