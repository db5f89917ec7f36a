package dev.tandem.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.bayeux.support.Await;
import dev.tandem.bayeux.support.JavaClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;

/**
 * One co-browse session driven through a running server by the official CometD Java client, as the seed
 * describes it: a customer (master), an agent (slave) and the agent's control plug-in (controller), each
 * its own Bayeux client; the master reports the pages it enters. History is read back over REST.
 */
public final class SeedSession {
    public static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final BayeuxClient master;
    private final BayeuxClient slave;
    private final BayeuxClient controller;
    private final List<Message> notifications = new CopyOnWriteArrayList<>();
    private String sessionToken;
    private String masterToken;
    private String controllerToken;
    private String historyId;

    /** Connects the three clients: master over WebSocket, slave over long-polling, controller over WebSocket. */
    public SeedSession(JavaClients clients, String baseUrl) {
        this.baseUrl = baseUrl;
        String bayeux = baseUrl + "/cobrowse/cometd";
        this.master = connect(clients.client(bayeux, "websocket"));
        this.slave = connect(clients.client(bayeux, "long-polling"));
        this.controller = connect(clients.client(bayeux, "websocket"));
    }

    private BayeuxClient connect(BayeuxClient client) {
        for (String channel : List.of("/service/session/joined", "/service/session/activated", "/service/session/deactivated")) {
            client.getChannel(channel).addListener((ClientSessionChannel.MessageListener) (c, m) -> notifications.add(m));
        }
        client.handshake();
        assertThat(client.waitFor(DEADLINE.toMillis(), BayeuxClient.State.CONNECTED)).as("handshake").isTrue();
        return client;
    }

    /**
     * {@code remoteCall} of the official client (which prefixes {@code /service} to {@code target}); fails on
     * an unsuccessful reply with its error.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> call(BayeuxClient client, String target, Map<String, Object> data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall(target, data, reply::complete);
        Message m = reply.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m.isSuccessful()).as("%s → %s", target, m).isTrue();
        return (Map<String, Object>) m.getData();
    }

    /** create, then the master (John) joins; returns the sessionHistoryId. */
    public String createAndJoinMaster() throws Exception {
        sessionToken = (String) call(master, "/session/create", Map.of()).get("sessionToken");
        Map<String, Object> joined = call(master, "/session/join", Map.of("sessionToken", sessionToken, "role", 1, "name", "John"));
        masterToken = (String) joined.get("userToken");
        historyId = (String) joined.get("sessionHistoryId");
        return historyId;
    }

    /** The agent joins (activating the session), then the controller. */
    public void joinAgent() throws Exception {
        call(slave, "/session/join", Map.of("sessionToken", sessionToken, "role", 2, "name", "Bob"));
        Await.until("activated at the master", DEADLINE, () -> count("/service/session/activated") >= 2);
        controllerToken = (String) call(controller, "/session/join", Map.of("sessionToken", sessionToken, "role", 3)).get("userToken");
    }

    /** The master reports entering {@code url}. */
    public void page(String url) throws Exception {
        call(master, "/session/page", Map.of("userToken", masterToken, "url", url));
    }

    /** The controller stops the session; everyone is told. */
    public void stop() throws Exception {
        call(controller, "/session/stop", Map.of("userToken", controllerToken));
        Await.until("deactivated at all three", DEADLINE, () -> count("/service/session/deactivated") == 3);
    }

    public String sessionToken() {
        return sessionToken;
    }

    public String historyId() {
        return historyId;
    }

    public long count(String channel) {
        return notifications.stream().filter(m -> m.getChannel().equals(channel)).count();
    }

    /** {@code GET path} on the server: status and body. */
    public static HttpResponse<String> get(String baseUrl, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the history of this session is complete (deactivated, with {@code pages} pages) and returns it. */
    public JsonNode awaitHistory(int pages, Duration timeout) throws Exception {
        return awaitHistory(baseUrl, historyId, pages, timeout);
    }

    public static JsonNode awaitHistory(String baseUrl, String historyId, int pages, Duration timeout) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Await.until("the complete history of " + historyId, timeout, () -> {
            try {
                HttpResponse<String> r = get(baseUrl, "/cobrowse/rest/history/sessions/" + historyId);
                if (r.statusCode() != 200) {
                    return false;
                }
                JsonNode body = JSON.readTree(r.body());
                found[0] = body;
                // A draining backlog writes records concurrently: wait for every field, not just the last one written.
                return !body.get("activationTime").isNull() && !body.get("deactivationTime").isNull()
                        && body.get("pages").size() >= pages;
            } catch (Exception e) {
                return false;
            }
        });
        return found[0];
    }

    public static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
