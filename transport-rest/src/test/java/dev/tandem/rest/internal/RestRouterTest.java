package dev.tandem.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SessionEngine;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.rest.RestOptions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestRouterTest {
    private final RestRouter router = new RestRouter(RestOptions.DEFAULT, dev.tandem.rest.CssProxyOptions.DEFAULT, SessionEngine.builder().build(), new InMemoryHistoryStore());

    @Test
    void should_match_each_seed_resource() {
        assertThat(router.match("/cobrowse/rest/live/sessions").kind()).isEqualTo(RestRouter.Kind.CREATE);
        assertThat(router.match("/cobrowse/rest/live/sessions/").kind()).isEqualTo(RestRouter.Kind.CREATE);
        assertThat(router.match("/cobrowse/rest/live/sessions/845800826").argument()).isEqualTo("845800826");
        assertThat(router.match("/cobrowse/rest/live/users/abc/session/stop").kind()).isEqualTo(RestRouter.Kind.STOP);
        assertThat(router.match("/cobrowse/rest/history/sessions/83d03970-c959-11e2-857d-082e5f12b9a1").kind())
                .isEqualTo(RestRouter.Kind.HISTORY);
    }

    @Test
    void should_not_match_other_paths() {
        assertThat(router.match("/cobrowse/rest/live/sessions/1/2")).isNull();
        assertThat(router.match("/cobrowse/rest/live/users/abc/session")).isNull();
        assertThat(router.match("/cobrowse/rest/history/sessions")).isNull();
        assertThat(router.match("/other/rest/live/sessions")).isNull();
    }

    @Test
    void should_strip_query_when_taking_path() {
        assertThat(RestRouter.pathOf("/cobrowse/rest/live/sessions?x=1")).isEqualTo("/cobrowse/rest/live/sessions");
    }

    @Test
    void should_build_host_only_lax_cookie_by_default_and_secure_cookie_when_asked() {
        assertThat(LiveResource.cookieValue(RestOptions.DEFAULT))
                .isEqualTo("gcbSessionServer=Co-browse_Server; Path=/; Max-Age=3600; SameSite=Lax");
        RestOptions secure = RestOptions.DEFAULT.toBuilder().cookieDomain(Optional.of("example.com")).cookieSecure(true)
                .cookieMaxAge(Duration.ofMinutes(5)).nodeName("n1").build();
        assertThat(LiveResource.cookieValue(secure))
                .isEqualTo("gcbSessionServer=n1; Path=/; Max-Age=300; Domain=example.com; Secure; SameSite=None");
    }
}
