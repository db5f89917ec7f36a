package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.history.HistoryRecord;
import dev.tandem.core.history.HistoryStore;
import dev.tandem.core.history.PageVisit;
import dev.tandem.core.history.SessionHistory;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SessionEnginePageTest {
    private final EngineFixture fx = new EngineFixture(SessionOptions.DEFAULT.toBuilder()
            .maxPages(3).maxUrlLength(64).build());

    @Test
    void should_reproduce_the_seed_history_example_when_the_master_visits_three_pages() {
        // The History REST API example of the seed: created …707527, activated …712516, three pages, ended …743522.
        CreatedSession created = fx.create();
        UserToken master = fx.join(created.token(), Role.MASTER, new RecordingParticipant()).userToken();
        fx.advanceToOffset(4_989);
        fx.join(created.token(), Role.SLAVE, new RecordingParticipant());
        UserToken controller = fx.join(created.token(), Role.CONTROLLER, new RecordingParticipant()).userToken();
        fx.advanceToOffset(5_067);
        fx.engine.reportPage(master, "http://www.genesyslab.com/general-pages/about-us.aspx").block(EngineFixture.DEADLINE);
        fx.advanceToOffset(16_237);
        fx.engine.reportPage(master, "http://www.genesyslab.com/news-and-events/index.aspx").block(EngineFixture.DEADLINE);
        fx.advanceToOffset(24_158);
        fx.engine.reportPage(master, "http://www.genesyslab.com/general-pages/genesys-history.aspx").block(EngineFixture.DEADLINE);
        fx.advanceToOffset(35_995);

        fx.engine.stop(controller).block(EngineFixture.DEADLINE);

        SessionHistory history = fx.history(created.historyId());
        assertThat(history.sessionToken()).isEqualTo(created.token());
        assertThat(history.creationTime()).isEqualTo(1_369_939_707_527L);
        assertThat(history.activationTime()).isEqualTo(OptionalLong.of(1_369_939_712_516L));
        assertThat(history.deactivationTime()).isEqualTo(OptionalLong.of(1_369_939_743_522L));
        assertThat(history.pages()).containsExactly(
                new PageVisit("http://www.genesyslab.com/general-pages/about-us.aspx", 1_369_939_712_594L, 11),
                new PageVisit("http://www.genesyslab.com/news-and-events/index.aspx", 1_369_939_723_764L, 7),
                new PageVisit("http://www.genesyslab.com/general-pages/genesys-history.aspx", 1_369_939_731_685L, 11));
    }

    @Test
    void should_stamp_pages_with_the_server_clock_when_reported() {
        EngineFixture.Trio trio = fx.trio();
        fx.advance(Duration.ofSeconds(2));

        fx.engine.reportPage(trio.masterJoin().userToken(), "https://shop.example.com/cart").block(EngineFixture.DEADLINE);

        assertThat(fx.history(trio.session().historyId()).pages()).singleElement()
                .satisfies(p -> assertThat(p.enteredTimestamp()).isEqualTo(EngineFixture.START + 2_000));
    }

    @Test
    void should_refuse_a_page_when_a_slave_or_controller_reports_it() {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.reportPage(trio.slaveJoin().userToken(), "https://example.com/"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(WrongRoleException.class).hasMessageContaining("master"))
                .verify(EngineFixture.DEADLINE);
        StepVerifier.create(fx.engine.reportPage(trio.controllerJoin().userToken(), "https://example.com/"))
                .expectError(WrongRoleException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(fx.history(trio.session().historyId()).pages()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://example.com/", "javascript:alert(1)", "example.com/page", "https://",
            "http:///path", "https://example.com/\nInjected", "https://example.com/\u0000",
            "https://example.com/a-very-long-path-that-goes-past-the-configured-limit-of-64"})
    void should_refuse_a_page_when_the_url_is_not_an_acceptable_http_url(String url) {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.reportPage(trio.masterJoin().userToken(), url))
                .expectError(InvalidRequestException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(fx.history(trio.session().historyId()).pages()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "HTTPS://Example.com/Path?q=1#top", "https://example.com:8443/a%20b"})
    void should_accept_a_page_when_the_url_is_http_or_https(String url) {
        EngineFixture.Trio trio = fx.trio();

        StepVerifier.create(fx.engine.reportPage(trio.masterJoin().userToken(), url)).verifyComplete();

        assertThat(fx.history(trio.session().historyId()).pages()).extracting(PageVisit::url).containsExactly(url);
    }

    @Test
    void should_refuse_pages_beyond_max_pages() {
        EngineFixture.Trio trio = fx.trio();
        UserToken master = trio.masterJoin().userToken();
        for (int i = 0; i < 3; i++) {
            fx.engine.reportPage(master, "https://example.com/" + i).block(EngineFixture.DEADLINE);
        }

        StepVerifier.create(fx.engine.reportPage(master, "https://example.com/3"))
                .expectError(CapacityException.class)
                .verify(EngineFixture.DEADLINE);
        assertThat(fx.history(trio.session().historyId()).pages()).hasSize(3);
    }

    @Test
    void should_keep_the_session_when_the_history_store_fails() {
        EngineFixture failing = new EngineFixture();
        SessionEngine engine = SessionEngine.builder()
                .scheduler(failing.scheduler)
                .historyStore(new HistoryStore() {
                    @Override
                    public Mono<Void> append(HistoryRecord record) {
                        return Mono.error(new IllegalStateException("store down"));
                    }

                    @Override
                    public Mono<SessionHistory> find(SessionHistoryId id) {
                        return Mono.empty();
                    }
                })
                .build();
        SessionToken token = engine.create().block(EngineFixture.DEADLINE).token();
        UserToken master = engine.join(JoinRequest.of(token, Role.MASTER), new RecordingParticipant())
                .block(EngineFixture.DEADLINE).userToken();

        StepVerifier.create(engine.reportPage(master, "https://example.com/")).verifyComplete();
        StepVerifier.create(engine.exit(master)).verifyComplete();
        assertThat(engine.liveSessions()).isZero();
    }
}
