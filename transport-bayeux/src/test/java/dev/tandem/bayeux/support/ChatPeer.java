package dev.tandem.bayeux.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;

/**
 * One official CometD Java client speaking the chat channels: {@link #call} is {@code remoteCall}, and the
 * notifications on {@code /service/chat/event} and {@code /service/chat/queue} are kept in arrival order.
 */
public final class ChatPeer {
    public static final Duration DEADLINE = Duration.ofSeconds(10);

    private final BayeuxClient client;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();

    /** Listens and handshakes; returns once connected. */
    public ChatPeer(BayeuxClient client) {
        this.client = client;
        client.getChannel("/service/chat/event").addListener((ClientSessionChannel.MessageListener) (c, m) ->
                events.add(SeedShapes.tree(m)));
        client.getChannel("/service/chat/queue").addListener((ClientSessionChannel.MessageListener) (c, m) ->
                queue.add(SeedShapes.tree(m)));
        client.handshake();
        assertThat(client.waitFor(DEADLINE.toMillis(), BayeuxClient.State.CONNECTED)).as("connected").isTrue();
    }

    public BayeuxClient client() {
        return client;
    }

    /** {@code remoteCall("chat/<name>", data)}: the whole reply message. */
    public JsonNode call(String name, Map<String, Object> data) throws Exception {
        CompletableFuture<Message> reply = new CompletableFuture<>();
        client.remoteCall("chat/" + name, data, reply::complete);
        return SeedShapes.tree(reply.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A call that must succeed: its {@code data}. */
    public JsonNode ok(String name, Map<String, Object> data) throws Exception {
        JsonNode reply = call(name, data);
        assertThat(reply.path("successful").asBoolean()).as("%s → %s", name, reply).isTrue();
        return reply.get("data");
    }

    /** The next {@code /service/chat/event} notification's data; it must be of {@code type}. */
    public JsonNode event(String type) throws InterruptedException {
        JsonNode m = events.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a %s event", type).isNotNull();
        assertThat(m.path("data").path("type").asText()).as("event %s", m).isEqualTo(type);
        return m.get("data");
    }

    /** The next {@code /service/chat/queue} notification's data; it must be of {@code type}. */
    public JsonNode queued(String type) throws InterruptedException {
        JsonNode m = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a %s queue change", type).isNotNull();
        assertThat(m.path("data").path("type").asText()).as("queue change %s", m).isEqualTo(type);
        return m.get("data");
    }

    /** Events received and not yet taken. */
    public int pendingEvents() {
        return events.size();
    }

    /**
     * Sends {@code /meta/disconnect}, as a closing page does, without waiting for the client's state machine (over
     * long-polling, {@code disconnect(timeout)} of the Java client sometimes waits out its whole timeout when its
     * next {@code /meta/connect} was already on the way); the server removes the client on receipt, and tests wait
     * for what that causes (the others' {@code presence} event).
     */
    public void disconnect() {
        client.disconnect();
    }
}
