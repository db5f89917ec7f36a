package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Member;
import dev.tandem.core.PageRules;
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

    private static final String TOKEN = "abcdefghijklmnopqrstuv";

    @Test
    void should_read_a_stream_batch_with_its_events_as_sent() {
        CobrowseRequests.StreamRequest r = CobrowseRequests.stream(SeedShapes.parse("{\"userToken\":\"" + TOKEN
                + "\",\"v\":1,\"seq\":7,\"events\":[{\"type\":4,\"data\":{}},{\"type\":2,\"data\":{}}],\"snapshot\":true,\"x\":1}"));
        assertThat(r.userToken().value()).isEqualTo(TOKEN);
        assertThat(r.seq()).isEqualTo(7);
        assertThat(r.snapshot()).isTrue();
        assertThat(r.events().toString()).isEqualTo("[{\"type\":4,\"data\":{}},{\"type\":2,\"data\":{}}]");
        assertThat(CobrowseRequests.stream(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":1,\"seq\":0,\"events\":[]}"))
                .snapshot()).isFalse();
    }

    @Test
    void should_refuse_stream_batches_that_the_agents_could_not_read() {
        String ok = "\"userToken\":\"" + TOKEN + "\",\"v\":1";
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"events\":[]}"))).hasMessageContaining("'seq' is missing");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"seq\":-1,\"events\":[]}"))).hasMessageContaining("'seq' must be");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"seq\":1.5,\"events\":[]}"))).hasMessageContaining("'seq' must be");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"seq\":1,\"events\":{}}"))).hasMessageContaining("'events'");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"seq\":1,\"events\":[{\"type\":\"2\"}]}")))
                .hasMessageContaining("events[0] is not an rrweb event");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{" + ok + ",\"seq\":1,\"events\":[],\"snapshot\":\"yes\"}")))
                .hasMessageContaining("'snapshot'");
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{\"v\":1,\"seq\":1,\"events\":[]}"))).hasMessageContaining("'userToken' is missing");
    }

    @Test
    void should_refuse_another_wire_version_with_the_contracts_message() {
        String expected = "wire version 2 is not supported by this server (it speaks 1); deploy matching server and client versions";
        assertThatThrownBy(() -> CobrowseRequests.stream(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":2,\"seq\":1,\"events\":[]}")))
                .isInstanceOf(InvalidRequestException.class).hasMessage(expected);
        assertThatThrownBy(() -> CobrowseRequests.control(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":2,\"type\":\"pointer\"}")))
                .hasMessage(expected);
        assertThatThrownBy(() -> CobrowseRequests.rules(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":2}"))).hasMessage(expected);
        assertThatThrownBy(() -> CobrowseRequests.control(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":\"1\"}")))
                .hasMessageStartingWith("wire version \"1\" is not supported");
        assertThatThrownBy(() -> CobrowseRequests.control(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"type\":\"x\"}")))
                .hasMessageContaining("'v' is missing");
        assertThat(CobrowseRequests.rules(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\"}")).value())
                .as("the client's rules request carries no v").isEqualTo(TOKEN);
    }

    @Test
    void should_pass_a_control_message_on_without_its_user_token_and_uninterpreted() {
        CobrowseRequests.ControlRequest c = CobrowseRequests.control(SeedShapes.parse("{\"userToken\":\"" + TOKEN
                + "\",\"v\":1,\"type\":\"pointer\",\"x\":3,\"y\":4,\"extra\":{\"a\":[1]}}"));
        assertThat(c.type()).contains("pointer");
        assertThat(c.body().toString()).isEqualTo("{\"v\":1,\"type\":\"pointer\",\"x\":3,\"y\":4,\"extra\":{\"a\":[1]}}");
        assertThat(CobrowseJson.control(c.body(), 2).size()).isPositive();
        assertThat(CobrowseRequests.control(SeedShapes.parse("{\"userToken\":\"" + TOKEN + "\",\"v\":1,\"type\":5}")).type()).isEmpty();
    }

    @Test
    void should_render_the_rules_reply_from_the_configured_rules() {
        PageRules rules = new PageRules(List.of(PageRules.Rule.of(".sensitive"), new PageRules.Rule("#pin", Optional.of("/checkout"))),
                List.of(PageRules.Rule.of(".agent-readonly")));
        assertThat(CobrowseJson.rules(rules).toString()).isEqualTo("{\"v\":1,\"mask\":[{\"selector\":\".sensitive\"},"
                + "{\"selector\":\"#pin\",\"url\":\"/checkout\"}],\"readonly\":[{\"selector\":\".agent-readonly\"}]}");
        assertThat(CobrowseJson.rules(PageRules.NONE).toString()).isEqualTo("{\"v\":1,\"mask\":[],\"readonly\":[]}");
    }
}
