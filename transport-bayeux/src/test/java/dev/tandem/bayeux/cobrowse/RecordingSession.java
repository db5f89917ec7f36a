package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.internal.EncodedMessages;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ServerSession} that records what is delivered to it, as the JSON a client would receive. */
final class RecordingSession implements ServerSession {
    final List<String> delivered = new CopyOnWriteArrayList<>();

    static String json(EncodedMessage m) {
        return EncodedMessages.json(m);
    }

    @Override
    public String id() {
        return "recording";
    }

    @Override
    public Optional<String> browserId() {
        return Optional.empty();
    }

    @Override
    public boolean isRemoved() {
        return false;
    }

    @Override
    public boolean deliver(String channel, JsonNode data, ObjectNode ext) {
        ObjectNode m = JsonNodeFactory.instance.objectNode().put("channel", channel);
        if (ext != null) {
            m.set("ext", ext);
        }
        m.set("data", data);
        delivered.add(m.toString());
        return true;
    }

    @Override
    public boolean deliver(EncodedMessage message) {
        delivered.add(json(message));
        return true;
    }
}
