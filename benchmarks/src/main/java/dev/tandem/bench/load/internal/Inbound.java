package dev.tandem.bench.load.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One received message, decoded only as far as the generator needs: the Bayeux fields, the data
 * (with its {@code events} array replaced by what the scan found in it) and, for a page-stream
 * message, its {@code seq} and the master's send time {@code t}.
 */
record Inbound(String channel, String id, Boolean successful, String clientId, String error,
               JsonNode advice, ObjectNode data, long seq, long sentNanos, int events) {

    static final long NO_TIME = Long.MIN_VALUE;

    boolean isStream() {
        return sentNanos != NO_TIME;
    }

    boolean failed() {
        return Boolean.FALSE.equals(successful);
    }

    boolean succeeded() {
        return Boolean.TRUE.equals(successful);
    }

    /** A batch that starts a new baseline ({@code snapshot: true}); {@code seq} may restart with it. */
    boolean snapshot() {
        return data != null && data.path("snapshot").asBoolean(false);
    }

    /**
     * What a server sends an agent right after it joins: the kept baseline and increments
     * ({@code replay: true}). Its events carry old send times, so it is no latency sample.
     */
    boolean replay() {
        return data != null && data.path("replay").asBoolean(false);
    }

    /** {@code data.type}, e.g. {@code resync} on the control channel; null when absent. */
    String type() {
        return data == null || !data.hasNonNull("type") ? null : data.get("type").asText();
    }
}
