package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.DropProxy;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.bayeux.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.ext.AckExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client whose connection drops and comes back within maxInterval keeps its clientId and, with the ack
 * extension, receives what was sent meanwhile — including a reply lost on the dead connection — exactly once.
 */
class ReconnectAckIT {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_deliver_exactly_once_when_connection_drops_and_returns_within_max_interval(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().options(BayeuxOptions.DEFAULT.toBuilder()
                .maxInterval(Duration.ofSeconds(20)).build()).build();
        try (TestServer server = TestServer.start(bayeux); DropProxy proxy = new DropProxy(server.port());
             JavaClients clients = new JavaClients()) {
            String url = "http://127.0.0.1:" + proxy.port() + bayeux.options().path();
            BayeuxClient client = clients.client(url, transport);
            client.addExtension(new AckExtension());
            List<Long> received = new CopyOnWriteArrayList<>();
            client.handshake(h -> client.getChannel("/chat/room").subscribe(
                    (ClientSessionChannel.MessageListener) (c, m) -> received.add(((Number) m.getDataAsMap().get("n")).longValue())));
            assertThat(client.waitFor(5000, BayeuxClient.State.CONNECTED)).isTrue();
            String clientId = client.getId();
            Await.until("subscribed", Duration.ofSeconds(5), () -> bayeux.publish("/chat/room", n(0)) == 1);
            Await.until("message 0", Duration.ofSeconds(5), () -> received.contains(0L));
            Await.until("a held connect", Duration.ofSeconds(5), () -> held(bayeux) == 1);

            proxy.blackhole(true);
            bayeux.publish("/chat/room", n(1));
            Await.until("message 1 sent into the void", Duration.ofSeconds(5), () -> held(bayeux) == 0);
            proxy.refuse(true);
            proxy.dropAll();
            proxy.blackhole(false);
            bayeux.publish("/chat/room", n(2));
            bayeux.publish("/chat/room", n(3));
            proxy.refuse(false);

            Await.until("messages 1..3 after reconnecting", Duration.ofSeconds(20), () -> received.size() >= 4);
            bayeux.publish("/chat/room", n(4));
            Await.until("message 4", Duration.ofSeconds(5), () -> received.size() >= 5);
            assertThat(received).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(client.getId()).as("same client, no new handshake").isEqualTo(clientId);
            assertThat(bayeux.clientCount()).isEqualTo(1);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode n(long n) {
        return JsonNodeFactory.instance.objectNode().put("n", n);
    }

    private static double held(BayeuxServer bayeux) {
        return bayeux.meterRegistry().get("tandem.bayeux.connects.held").gauge().value();
    }
}
