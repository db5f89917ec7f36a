package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One page-stream batch as the engine keeps it in the session's log ({@link dev.tandem.core.StreamChunk#payload()}):
 * its rrweb events serialised to JSON once, into pooled memory outside the heap that nothing writes again. A
 * node's logs hold hundreds of megabytes that live for seconds to minutes: on the heap the young collections
 * copied them over and over (pauses of 55–90 ms at 5,000 sessions, docs/benchmarks.md); off the heap they cost
 * the collector nothing.
 *
 * <p>The off-heap bytes are reference-counted ({@link SharedPayload}): the creator holds one reference until the
 * engine took the batch, the log one while it keeps it, a member gathering a replay one until the replay is
 * copied out. The bytes are freed when the last is given back, and are never read without a reference held.
 *
 * <p>The notification every agent gets ({@code {"v":1,"seq":n,"events":[…],"snapshot"?:true}}) is copied onto the
 * heap once, when the batch arrives, and shared by every agent's queue: what a queue holds never depends on the
 * off-heap bytes. It is dropped once the engine fanned the batch out ({@link #fannedOut()}). Replays ({@link #replay}) join the events of
 * many batches into few heap messages without parsing them.
 *
 * <p>The log joins each run of a few increments into one batch ({@link #join}): the bytes are copied once more, off
 * the heap, and the run's small heap objects (this object, the buffer's handle, the chunk) die young instead of
 * living as long as the log keeps the page — each of them the young collections would otherwise copy again and
 * again.
 */
final class StreamBatch implements SharedPayload {
    /** Bytes charged per batch in the engine's budget beyond its events: this object and the envelope. */
    static final int OVERHEAD = 64;

    /** The first capacity of a batch's buffer: most batches (changes, pointer, scroll) fit in it. */
    private static final int INITIAL_BYTES = 2048;
    /**
     * Largest run of increments joined: the copy is made on the session's thread, and large batches gain nothing
     * from it (their few objects are nothing beside their bytes).
     */
    static final int MAX_JOIN_BYTES = 256 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ByteBuffer COMMA = ByteBuffer.wrap(new byte[]{','}).asReadOnlyBuffer();
    /** Off-heap bytes of all batches not freed yet (a gauge, and what the tests check for leaks). */
    private static final AtomicLong OFF_HEAP_BYTES = new AtomicLong();
    private static final AtomicIntegerFieldUpdater<StreamBatch> REFS = AtomicIntegerFieldUpdater.newUpdater(StreamBatch.class, "refs");

    private final long seq;
    private final boolean snapshot;
    private final ByteBuf events;
    private final int eventsBytes;
    private final int eventCount;
    private volatile int refs = 1;
    private volatile EncodedMessage live;

    private StreamBatch(long seq, boolean snapshot, ByteBuf events, int eventCount, boolean liveNotification) {
        this.seq = seq;
        this.snapshot = snapshot;
        this.events = events;
        this.eventsBytes = events.readableBytes();
        this.eventCount = eventCount;
        this.live = liveNotification ? encodeLive() : null;
        OFF_HEAP_BYTES.addAndGet(eventsBytes);
    }

    /**
     * Serialises {@code events} once, straight into a direct buffer (no heap copy on the way); the caller holds the
     * first reference and must release it.
     */
    static StreamBatch of(long seq, boolean snapshot, ArrayNode events) {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(INITIAL_BYTES);
        try {
            try (OutputStream out = new ByteBufOutputStream(buf)) {
                MAPPER.writeValue(out, events);
            }
            buf = trimmed(buf);
            return new StreamBatch(seq, snapshot, buf, events.size(), true);
        } catch (IOException e) {
            buf.release();
            throw new IllegalStateException("rrweb events could not be encoded", e);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * {@code buf} itself, or — when it has more than a sixteenth of the events' size unused (a small batch in the
     * first capacity, a snapshot of megabytes that doubled its way there) — a copy of exactly their size, so that
     * the direct memory the log keeps is what its budget charges.
     */
    private static ByteBuf trimmed(ByteBuf buf) {
        int length = buf.readableBytes();
        if (buf.capacity() - length <= length >> 4) {
            return buf;
        }
        ByteBuf exact = ByteBufAllocator.DEFAULT.directBuffer(length, length);
        try {
            exact.writeBytes(buf);
        } catch (RuntimeException e) {
            exact.release();
            throw e;
        }
        buf.release();
        return exact;
    }

    /**
     * The increments of {@code run} as one batch for the log: their events in order in one array, the last one's
     * seq; no live notification (the log's chunks are only replayed). Null when a payload of the run is not an
     * increment of this kind, or the run holds more than {@value #MAX_JOIN_BYTES} bytes of events. The log holds a
     * reference to each of {@code run} during the call.
     */
    @Override
    public SharedPayload join(List<StreamChunk> run) {
        long total = 2;
        int count = 0;
        List<StreamBatch> batches = new ArrayList<>(run.size());
        for (StreamChunk c : run) {
            if (!(c.payload() instanceof StreamBatch b) || b.snapshot) {
                return null;
            }
            batches.add(b);
            total += b.eventsBytes - 1L; // its events without the brackets, and a comma
            count += b.eventCount;
        }
        if (total > MAX_JOIN_BYTES) {
            return null;
        }
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer((int) total);
        try {
            buf.writeByte('[');
            boolean first = true;
            for (StreamBatch b : batches) {
                int inner = b.eventsBytes - 2;
                if (inner > 0) {
                    if (!first) {
                        buf.writeByte(',');
                    }
                    buf.writeBytes(b.events, b.events.readerIndex() + 1, inner);
                    first = false;
                }
            }
            buf.writeByte(']');
            return new StreamBatch(batches.get(batches.size() - 1).seq, false, buf, count, false);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** Off-heap bytes of all page-stream batches not freed yet, on this node. */
    static long offHeapBytes() {
        return OFF_HEAP_BYTES.get();
    }

    @Override
    public boolean tryRetain() {
        for (;;) {
            int n = refs;
            if (n <= 0) {
                return false;
            }
            if (REFS.compareAndSet(this, n, n + 1)) {
                return true;
            }
        }
    }

    @Override
    public void release() {
        int n = REFS.decrementAndGet(this);
        if (n == 0) {
            // The live notification stays (it is on the heap): the engine may fan the batch out after the request
            // that made it gave its reference back, when the log did not keep it.
            events.release();
            OFF_HEAP_BYTES.addAndGet(-eventsBytes);
        } else if (n < 0) {
            throw new IllegalStateException(this + " released more often than retained");
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

    /** The direct memory the batch's buffer holds: its events and at most a sixteenth more. */
    int offHeapCapacity() {
        return events.capacity();
    }

    /** What the batch costs in the engine's log budget. */
    int size() {
        return eventsBytes + OVERHEAD;
    }

    /**
     * The live notification, the same instance for every agent during the fan-out; encoded again after it (while
     * a reference is held), null once the batch was freed too.
     */
    EncodedMessage live() {
        EncodedMessage m = live;
        if (m != null || !tryRetain()) {
            return m;
        }
        try {
            return encodeLive();
        } finally {
            release();
        }
    }

    /**
     * Every agent has the live notification queued: drop it, so that the log keeps the events only (off the heap).
     * On the heap until then it would outlive many young collections at one batch per second per session.
     */
    @Override
    public void fannedOut() {
        live = null;
    }

    private EncodedMessage encodeLive() {
        String head = "{\"v\":" + CobrowseRequests.WIRE_VERSION + ",\"seq\":" + seq + ",\"events\":";
        String tail = snapshot ? ",\"snapshot\":true}" : "}";
        return EncodedMessage.ofData(CobrowseServices.STREAM, List.of(ascii(head), eventsView(0, eventsBytes), ascii(tail)));
    }

    /** A read-only view of part of the events; valid while a reference is held. */
    private ByteBuffer eventsView(int from, int length) {
        return events.nioBuffer(events.readerIndex() + from, length).asReadOnlyBuffer();
    }

    /**
     * {@code batches} (the session's log, oldest first, each retained by the caller) as replay notifications
     * {@code {"v":1,"seq":<last seq>,"events":[…],"replay":true}}: their events joined in order, a new message
     * begun whenever one holds {@code partBytes} of events — so that a long log travels as a few messages, not
     * one per batch. Every part is marked {@code replay} (the agent treats it as a baseline, not as a gap). The
     * messages are on the heap: the batches may be released as soon as this returns.
     */
    static List<EncodedMessage> replay(List<StreamBatch> batches, int partBytes) {
        List<EncodedMessage> out = new ArrayList<>();
        List<ByteBuffer> parts = new ArrayList<>();
        long bytes = 0;
        long lastSeq = 0;
        for (StreamBatch b : batches) {
            int inner = b.eventsBytes - 2;
            if (inner > 0) {
                if (!parts.isEmpty()) {
                    parts.add(COMMA.duplicate());
                }
                parts.add(b.eventsView(1, inner));
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
        return "StreamBatch[seq " + seq + (snapshot ? ", snapshot" : "") + ", " + eventCount + " events, " + eventsBytes + " bytes]";
    }
}
