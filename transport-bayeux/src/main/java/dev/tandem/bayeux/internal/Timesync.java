package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code timesync} extension, server side: a request carrying {@code ext.timesync:{tc,l,o}} gets
 * {@code ext.timesync:{tc,ts,p,a}} on its reply, where {@code ts} is when the server received it, {@code p}
 * how long the server kept it, and {@code a = tc + o + l - ts} the accuracy of the client's offset.
 */
final class Timesync {
    private Timesync() {
    }

    /** Whether a request's {@code ext} asks for timesync. */
    static boolean requested(JsonNode requestExt) {
        return requestExt != null && requestExt.path("timesync").path("tc").isNumber();
    }

    /** The reply's timesync object, or null when the request carried none. */
    static ObjectNode reply(JsonNode requestExt, long receivedAt, long now) {
        if (requestExt == null || !requestExt.path("timesync").isObject()) {
            return null;
        }
        JsonNode ts = requestExt.get("timesync");
        if (!ts.path("tc").isNumber()) {
            return null;
        }
        long tc = ts.get("tc").asLong();
        long l = ts.path("l").asLong(0);
        long o = ts.path("o").asLong(0);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("tc", tc);
        out.put("ts", receivedAt);
        out.put("p", now - receivedAt);
        out.put("a", tc + o + l - receivedAt);
        return out;
    }
}
