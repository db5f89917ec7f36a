package dev.tandem.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.SessionTimes;
import dev.tandem.core.history.PageVisit;
import dev.tandem.core.history.SessionHistory;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/** JSON bodies of the REST APIs, field for field as the seed shows them. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode liveSession(String token, String nodeName) {
        return object().put("sessionToken", token).put("sessionServerName", nodeName);
    }

    static ObjectNode times(SessionTimes times) {
        ObjectNode node = object();
        putTime(node, "activationTime", times.activationTime());
        node.put("deactivationTime", times.deactivationTime());
        return node;
    }

    static ObjectNode history(SessionHistory h) {
        ObjectNode node = object()
                .put("id", h.id().toString())
                .put("sessionToken", h.sessionToken().value())
                .put("creationTime", h.creationTime());
        putTime(node, "activationTime", h.activationTime());
        putTime(node, "deactivationTime", h.deactivationTime());
        var pages = node.putArray("pages");
        for (PageVisit page : h.pages()) {
            pages.addObject()
                    .put("url", page.url())
                    .put("enteredTimestamp", page.enteredTimestamp())
                    .put("duration", page.duration());
        }
        return node;
    }

    static ObjectNode error(int status, String message) {
        return object().put("status", status).put("error", message);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a tree we built", e);
        }
    }

    /** Parses a request body; returns null when it is not a JSON object. */
    static ObjectNode parseObject(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
            return node instanceof ObjectNode o ? o : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static void putTime(ObjectNode node, String field, OptionalLong time) {
        if (time.isPresent()) {
            node.put(field, time.getAsLong());
        } else {
            node.putNull(field);
        }
    }
}
