package dev.tandem.bayeux.cobrowse;

import static dev.tandem.bayeux.support.SeedShapes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.bayeux.support.TestServer;
import dev.tandem.core.SessionEngine;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The seed's whole co-browse flow, run by the official CometD Java client over each transport. */
class CobrowseJavaInteropIT {

    /** One official client and what it received on the notification channels. */
    private static final class Member {
        final BayeuxClient client;
        final BlockingQueue<JsonNode> notifications = new LinkedBlockingQueue<>();

        Member(BayeuxClient client) {
            this.client = client;
            for (String ch : new String[]{CobrowseServices.JOINED, CobrowseServices.ACTIVATED, CobrowseServices.DEACTIVATED}) {
                client.getChannel(ch).addListener((ClientSessionChannel.MessageListener) (c, m) -> notifications.add(tree(m)));
            }
            client.handshake();
            assertThat(client.waitFor(5000, BayeuxClient.State.CONNECTED)).as("connected").isTrue();
        }

        JsonNode call(String target, Map<String, Object> data) throws Exception {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            client.remoteCall(target, data, reply::complete);
            return tree(reply.get(5, TimeUnit.SECONDS));
        }

        JsonNode next(String channel) throws InterruptedException {
            JsonNode m = notifications.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("a notification on %s", channel).isNotNull();
            assertThat(m.path("channel").asText()).isEqualTo(channel);
            return m;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_run_the_seed_flow_when_official_java_clients_cobrowse(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        SessionEngine engine = SessionEngine.builder().build();
        CobrowseServices.bind(bayeux, engine);
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            Member customer = new Member(clients.client(server.url(), transport));
            String token = assertCreated(successData(customer.call("session/create", Map.of())));

            String masterToken = assertJoinReply(successData(customer.call("session/join",
                    Map.of("sessionToken", token, "role", 1, "name", "John"))), 1, "[]");

            Member agent = new Member(clients.client(server.url(), transport));
            assertJoinReply(successData(agent.call("session/join", Map.of("sessionToken", token, "role", 2, "name", "Bob"))),
                    2, "[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"}]");
            assertJoined(customer.next(CobrowseServices.JOINED), "{\"userId\":\"2\",\"role\":2,\"name\":\"Bob\"}");
            long activationTime = assertActivated(customer.next(CobrowseServices.ACTIVATED));
            assertThat(assertActivated(agent.next(CobrowseServices.ACTIVATED))).isEqualTo(activationTime);

            Member controller = new Member(clients.client(server.url(), transport));
            String controllerToken = assertJoinReply(successData(controller.call("session/join",
                    Map.of("sessionToken", token, "role", 3))), 3,
                    "[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"},{\"userId\":\"2\",\"role\":2,\"name\":\"Bob\"}]");
            assertJoined(customer.next(CobrowseServices.JOINED), "{\"userId\":\"3\",\"role\":3}");
            assertJoined(agent.next(CobrowseServices.JOINED), "{\"userId\":\"3\",\"role\":3}");
            assertThat(assertActivated(controller.next(CobrowseServices.ACTIVATED))).as("a late joiner learns the activation")
                    .isEqualTo(activationTime);

            assertError(customer.call("session/stop", Map.of("userToken", masterToken)), 403);
            assertError(controller.call("session/stop", Map.of("userToken", masterToken)), 403);
            JsonNode stopped = successData(controller.call("session/stop", Map.of("userToken", controllerToken)));
            assertThat(fields(stopped)).isEmpty();
            for (Member m : new Member[]{customer, agent, controller}) {
                assertDeactivated(m.next(CobrowseServices.DEACTIVATED), activationTime, "external");
            }

            assertError(customer.call("session/exit", Map.of("userToken", masterToken)), 404);
        }
    }
}
