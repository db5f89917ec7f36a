package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Member;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.SessionHistoryId;
import dev.tandem.core.UserToken;
import dev.tandem.core.WrongRoleException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CobrowseRequestsTest {
    @Test
    void should_read_a_join_with_optional_name_and_resume() {
        JoinRequest j = CobrowseRequests.join(SeedShapes.parse(
                "{\"sessionToken\":\"123456789\",\"role\":2,\"name\":\"Bob\",\"userToken\":\"abcdefghijklmnopqrstuv\"}"));
        assertThat(j.role()).isEqualTo(Role.SLAVE);
        assertThat(j.name()).contains("Bob");
        assertThat(j.resume()).contains(new UserToken("abcdefghijklmnopqrstuv"));
        assertThat(CobrowseRequests.join(SeedShapes.parse("{\"sessionToken\":\"123456789\",\"role\":3,\"name\":null}")).name()).isEmpty();
    }

    @Test
    void should_refuse_malformed_requests_with_a_message_saying_what_to_send() {
        assertThatThrownBy(() -> CobrowseRequests.join(SeedShapes.parse("{\"sessionToken\":\"1234567890\",\"role\":1}")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("9 digits");
        assertThatThrownBy(() -> CobrowseRequests.join(SeedShapes.parse("{\"sessionToken\":\"123456789\",\"role\":0}")))
                .hasMessageContaining("1 (master), 2 (slave) or 3 (controller)");
        assertThatThrownBy(() -> CobrowseRequests.userToken(SeedShapes.parse("{}"), "exit")).hasMessageContaining("'userToken' is missing");
        assertThatThrownBy(() -> CobrowseRequests.url(SeedShapes.parse("{\"url\":\" \"}"))).hasMessageContaining("'url' is missing");
        assertThatThrownBy(() -> CobrowseRequests.create(SeedShapes.parse("5"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_render_the_seeds_user_id_quirk() {
        JoinResult r = new JoinResult(new UserToken("abcdefghijklmnopqrstuv"), 2,
                List.of(new Member(1, Role.MASTER, Optional.of("John")), new Member(3, Role.CONTROLLER, Optional.empty())),
                new SessionHistoryId(UUID.fromString("83d03970-c959-11e2-857d-082e5f12b9a1")));
        assertThat(CobrowseJson.joined(r).toString()).isEqualTo("{\"userToken\":\"abcdefghijklmnopqrstuv\",\"userId\":2,"
                + "\"users\":[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"},{\"userId\":\"3\",\"role\":3}],"
                + "\"sessionHistoryId\":\"83d03970-c959-11e2-857d-082e5f12b9a1\"}");
    }

    @Test
    void should_map_engine_exceptions_to_bayeux_codes() {
        assertThat(CobrowseErrors.code(new InvalidRequestException("x"))).isEqualTo(BayeuxError.BAD_REQUEST);
        assertThat(CobrowseErrors.code(new WrongRoleException("x"))).isEqualTo(BayeuxError.FORBIDDEN);
        assertThat(CobrowseErrors.code(new SessionEndedException("x"))).isEqualTo(BayeuxError.GONE);
        assertThat(CobrowseErrors.reply(new IllegalStateException("boom")).message()).doesNotContain("boom");
    }
}
