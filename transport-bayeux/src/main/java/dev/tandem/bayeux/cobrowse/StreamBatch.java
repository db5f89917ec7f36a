package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.EncodedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One page-stream batch as the engine keeps it in the session's log ({@link dev.tandem.core.StreamChunk#payload()}):
 * its rrweb events serialised to JSON once, in an array nothing writes again. The notification every agent gets
 * ({@code {"v":1,"seq":n,"events":[…],"snapshot"?:true}}) is encoded once from it, when the batch arrives, and
 * shared by every agent's queue; it is dropped when the session's next batch arrives, so the log keeps the events
 * once. Replays ({@link #replay}) join the events of many batches into few messages without parsing them.
 */
final class StreamBatch {
    /** Bytes charged per batch in the engine's budget beyond its events: this object and the envelope. */
    static final int OVERHEAD = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ByteBuffer COMMA = ByteBuffer.wrap(new byte[]{','}).asReadOnlyBuffer();

    private final long seq;
    private final boolean snapshot;
    private final byte[] events;
    private final int eventCount;
    private volatile EncodedMessage live;

    private StreamBatch(long seq, boolean snapshot, byte[] events, int eventCount) {
        this.seq = seq;
        this.snapshot = snapshot;
        this.events = events;
        this.eventCount = eventCount;
        this.live = encodeLive();
    }

    /** Serialises {@code events} once. */
    static StreamBatch of(long seq, boolean snapshot, ArrayNode events) {
        try {
            return new StreamBatch(seq, snapshot, MAPPER.writeValueAsBytes(events), events.size());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rrweb events could not be encoded", e);
        }
    }

    long seq() {
        return seq;
    }

    boolean snapshot() {
        return snapshot;
    }

    int eventCount() {
        return eventCount;
    }

    /** What the batch costs in the engine's log budget. */
    int size() {
        return events.length + OVERHEAD;
    }

    /** The live notification, the same instance for every agent while the batch is the session's latest. */
    EncodedMessage live() {
        EncodedMessage m = live;
        return m != null ? m : encodeLive();
    }

    /** The session moved on: keep only the events (a late fan-out encodes the notification again). */
    void releaseLive() {
        live = null;
    }

    private EncodedMessage encodeLive() {
        String head = "{\"v\":" + CobrowseRequests.WIRE_VERSION + ",\"seq\":" + seq + ",\"events\":";
        String tail = snapshot ? ",\"snapshot\":true}" : "}";
        return EncodedMessage.ofData(CobrowseServices.STREAM, List.of(ascii(head), ByteBuffer.wrap(events), ascii(tail)));
    }

    /**
     * {@code batches} (the session's log, oldest first) as replay notifications
     * {@code {"v":1,"seq":<last seq>,"events":[…],"replay":true}}: their events joined in order, a new message
     * begun whenever one holds {@code partBytes} of events — so that a long log travels as a few messages, not
     * one per batch. Every part is marked {@code replay} (the agent treats it as a baseline, not as a gap).
     */
    static List<EncodedMessage> replay(List<StreamBatch> batches, int partBytes) {
        List<EncodedMessage> out = new ArrayList<>();
        List<ByteBuffer> parts = new ArrayList<>();
        long bytes = 0;
        long lastSeq = 0;
        for (StreamBatch b : batches) {
            int inner = b.events.length - 2;
            if (inner > 0) {
                if (!parts.isEmpty()) {
                    parts.add(COMMA.duplicate());
                }
                parts.add(ByteBuffer.wrap(b.events, 1, inner));
                bytes += inner;
            }
            lastSeq = b.seq;
            if (bytes >= partBytes) {
                out.add(replayPart(lastSeq, parts));
                parts = new ArrayList<>();
                bytes = 0;
            }
        }
        if (!parts.isEmpty() || (out.isEmpty() && !batches.isEmpty())) {
            out.add(replayPart(lastSeq, parts));
        }
        return out;
    }

    private static EncodedMessage replayPart(long seq, List<ByteBuffer> events) {
        List<ByteBuffer> data = new ArrayList<>(events.size() + 2);
        data.add(ascii("{\"v\":" + CobrowseRequests.WIRE_VERSION + ",\"seq\":" + seq + ",\"events\":["));
        data.addAll(events);
        data.add(ascii("],\"replay\":true}"));
        return EncodedMessage.ofData(CobrowseServices.STREAM, data);
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "StreamBatch[seq " + seq + (snapshot ? ", snapshot" : "") + ", " + eventCount + " events, " + events.length + " bytes]";
    }
}
