package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.server.support.ServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.Test;

/** SIGTERM shuts down gracefully: live sessions are deactivated and their members told first. */
class ServerShutdownIT {

    static Message call(BayeuxClient client, String channel, Map<String, Object> data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall(channel, data, reply::complete); // remoteCall prefixes "/service"
        Message m = reply.get(10, TimeUnit.SECONDS);
        assertThat(m.isSuccessful()).as(String.valueOf(m)).isTrue();
        return m;
    }

    @Test
    void should_deactivate_sessions_and_notify_members_when_terminated() throws Exception {
        try (ServerProcess server = ServerProcess.start(Duration.ofSeconds(60), "--history", "memory");
             JavaClients clients = new JavaClients()) {
            BayeuxClient master = clients.client(server.bayeuxUrl(), "websocket");
            BayeuxClient slave = clients.client(server.bayeuxUrl(), "long-polling");
            List<Message> deactivations = new CopyOnWriteArrayList<>();
            for (BayeuxClient c : List.of(master, slave)) {
                c.getChannel("/service/session/deactivated").addListener((org.cometd.bayeux.client.ClientSessionChannel.MessageListener) (channel, message) -> deactivations.add(message));
                c.handshake();
                assertThat(c.waitFor(10_000, BayeuxClient.State.CONNECTED)).isTrue();
            }
            @SuppressWarnings("unchecked")
            String token = (String) ((Map<String, Object>) call(master, "/session/create", Map.of()).getData()).get("sessionToken");
            call(master, "/session/join", Map.of("sessionToken", token, "role", 1));
            call(slave, "/session/join", Map.of("sessionToken", token, "role", 2));

            int exit = server.terminate(Duration.ofSeconds(60));

            Await.until("both members told", Duration.ofSeconds(5), () -> deactivations.size() == 2);
            for (Message m : deactivations) {
                @SuppressWarnings("unchecked")
                Map<String, Object> data = (Map<String, Object>) m.getData();
                assertThat(data).containsKeys("activationTime", "deactivationTime");
                @SuppressWarnings("unchecked")
                Map<String, Object> tandem = (Map<String, Object>) m.getExt().get("tandem");
                assertThat(tandem).containsEntry("reason", "external");
            }
            assertThat(exit).isIn(0, 143);
            assertThat(server.logged("Deactivated 1 live session(s)")).as(String.join("\n", server.output())).isTrue();
            assertThat(server.logged("Tandem stopped")).isTrue();
        }
    }
}
