package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.bayeux.support.JavaClients;
import dev.tandem.bayeux.support.NodeRunner;
import dev.tandem.bayeux.support.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.client.BayeuxClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

class EchoInteropIT {

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "long-polling"})
    void should_answer_remote_call_when_official_java_client_calls_service(String transport) throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        bayeux.addService("/service/echo", req -> Mono.just(ServiceReply.ok(req.data())));
        try (TestServer server = TestServer.start(bayeux); JavaClients clients = new JavaClients()) {
            BayeuxClient client = clients.client(server.url(), transport);
            client.handshake();
            assertThat(client.waitFor(5000, BayeuxClient.State.CONNECTED)).isTrue();
            CompletableFuture<Message> reply = new CompletableFuture<>();
            client.remoteCall("echo", Map.of("hello", "world"), reply::complete);
            Message m = reply.get(5, TimeUnit.SECONDS);
            assertThat(m.isSuccessful()).isTrue();
            assertThat(m.getDataAsMap()).containsEntry("hello", "world");
        }
    }

    @Test
    void should_keep_the_websocket_of_the_official_js_client_open_after_remote_calls() throws Exception {
        BayeuxServer bayeux = BayeuxServer.builder().build();
        bayeux.addService("/service/echo", req -> Mono.just(ServiceReply.ok(req.data())));
        try (TestServer server = TestServer.start(bayeux)) {
            NodeRunner.Result r = NodeRunner.node(List.of("remote-call-keepalive.mjs", server.url()), 60);

            String output = r.stderr() + String.join("\n", r.lines());
            assertThat(r.exitCode()).as(output).isZero();
            assertThat(r.lines()).as(output).containsExactly("{\"transport\":\"websocket\",\"calls\":3,\"closes\":[]}");
        }
    }
}
