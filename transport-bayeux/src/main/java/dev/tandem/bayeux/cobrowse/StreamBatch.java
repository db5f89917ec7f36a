package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.core.CapacityException;
import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One page-stream batch as the engine keeps it in the session's log ({@link dev.tandem.core.StreamChunk#payload()}):
 * its rrweb events as JSON — the master's own bytes ({@link PageEvents}), or serialised once from a tree — in
 * pooled memory outside the heap that nothing writes again, from a pool of the logs' own ({@link #MEMORY}). A
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
 * <p>The log joins each run of a few increments into the batch it joined before, up to {@value #MAX_JOIN_BYTES}
 * bytes of events, or into a new one ({@link #join}): the bytes are copied again, off the heap, and the run's
 * small heap objects (this object, the buffer's handle, the chunk) die young instead of living as long as the log
 * keeps the page — each of them the young collections would otherwise copy again and again.
 */
final class StreamBatch implements SharedPayload {
    /** Bytes charged per batch in the engine's budget beyond its events: this object and the envelope. */
    static final int OVERHEAD = 64;

    private static final Logger LOG = LoggerFactory.getLogger(StreamBatch.class);
    /** Each thread's array the events are first serialised into; see {@link Scratch}. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * Largest joined batch: the copy is made on the session's thread, and a joined batch grows by being copied
     * whole with the next run, so this bounds each byte's copies (for runs of 8 KiB: 1.5 on average; at 64 KiB it
     * was 4.5, and the joins were 6 % of the server's CPU at 12,000 batches/s); large batches gain nothing from it
     * (their few objects are nothing beside their bytes).
     */
    static final int MAX_JOIN_BYTES = 16 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ByteBuffer COMMA = ByteBuffer.wrap(new byte[]{','}).asReadOnlyBuffer();
    /**
     * Where the batches' bytes live: a pool of their own, not the pool Netty's I/O buffers come from. A log keeps its
     * chunks for seconds to minutes; among the I/O pool's short-lived buffers they kept whole chunks of it from being
     * given back (that pool reuses a chunk only once all of it is free): at 5,000 sessions 239 MiB of logs held
     * 870 MiB and more of direct memory, and the next allocation failed at the 1 GiB limit (docs/benchmarks.md). This
     * pool reuses the free space inside its chunks: the same load holds 286 MiB. (Unpooled buffers held 241 MiB, but
     * with them the young pauses were half as long again: each brings a cleaner object of its own.)
     */
    private static final ByteBufAllocator MEMORY = new PooledByteBufAllocator(true);
    /** Off-heap bytes of all batches not freed yet (a gauge, and what the tests check for leaks). */
    private static final AtomicLong OFF_HEAP_BYTES = new AtomicLong();
    /** Batches and joins the node's direct memory had no room for (a counter for operators). */
    private static final AtomicLong MEMORY_EXHAUSTED = new AtomicLong();
    private static final AtomicIntegerFieldUpdater<StreamBatch> REFS = AtomicIntegerFieldUpdater.newUpdater(StreamBatch.class, "refs");

    private final long seq;
    private final boolean snapshot;
    private final ByteBuf events;
    private final int eventsBytes;
    private final int eventCount;
    private volatile int refs = 1;
    private volatile EncodedMessage live;

    private StreamBatch(long seq, boolean snapshot, ByteBuf events, int eventCount, EncodedMessage live) {
        this.seq = seq;
        this.snapshot = snapshot;
        this.events = events;
        this.eventsBytes = events.readableBytes();
        this.eventCount = eventCount;
        this.live = live;
        OFF_HEAP_BYTES.addAndGet(eventsBytes);
    }

    /**
     * Serialises {@code events} once, with the live notification around them, into this thread's scratch array;
     * the events are then copied into a direct buffer of exactly their size and the notification onto the heap
     * (what the agents' queues share). The caller holds the first reference and must release it.
     */
    static StreamBatch of(long seq, boolean snapshot, ArrayNode events) {
        return of(seq, snapshot, events, MEMORY);
    }

    /** {@link #of(long, boolean, ArrayNode)} with the batch's bytes from {@code memory} (tests: a pool that is full). */
    static StreamBatch of(long seq, boolean snapshot, ArrayNode events, ByteBufAllocator memory) {
        if (events instanceof PageEvents read) {
            return of(seq, snapshot, read.json(), read.size(), memory);
        }
        Scratch scratch = SCRATCH.get();
        scratch.reset();
        try {
            scratch.writeAscii(liveHead(seq));
            int from = scratch.size();
            MAPPER.writeValue(scratch, events);
            int length = scratch.size() - from;
            scratch.writeAscii(liveTail(snapshot));
            ByteBuf buf = allocate(memory, length, length);
            if (buf == null) {
                throw exhausted(seq, snapshot, length);
            }
            try {
                buf.writeBytes(scratch.bytes(), from, length);
                EncodedMessage live = EncodedMessage.ofData(CobrowseServices.STREAM, List.of(scratch.view()));
                return new StreamBatch(seq, snapshot, buf, events.size(), live);
            } catch (RuntimeException e) {
                buf.release();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("rrweb events could not be encoded", e);
        } finally {
            scratch.done();
        }
    }

    /**
     * A batch of the master's own bytes of {@code events} (valid UTF-8 JSON, as {@link StreamDataReader} read them):
     * copied into a direct buffer of their size, and with the notification around them onto the heap.
     */
    private static StreamBatch of(long seq, boolean snapshot, byte[] events, int eventCount, ByteBufAllocator memory) {
        ByteBuf buf = allocate(memory, events.length, events.length);
        if (buf == null) {
            throw exhausted(seq, snapshot, events.length);
        }
        try {
            buf.writeBytes(events);
            EncodedMessage live = EncodedMessage.ofData(CobrowseServices.STREAM,
                    List.of(ascii(liveHead(seq)), ByteBuffer.wrap(events), ascii(liveTail(snapshot))));
            return new StreamBatch(seq, snapshot, buf, eventCount, live);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /**
     * The increments of {@code run} as one batch for the log: their events in order in one array, the last one's
     * seq; no live notification (the log's chunks are only replayed). Null when a payload of the run is not an
     * increment of this kind, the run holds more than {@value #MAX_JOIN_BYTES} bytes of events, or the node's direct
     * memory has no room for the copy (the log then keeps the run as it is: joining saves heap objects, and losing
     * the log's content for it would cost agents their replay). The log holds a reference to each of {@code run}
     * during the call.
     */
    @Override
    public SharedPayload join(List<StreamChunk> run) {
        return join(run, MEMORY);
    }

    /** {@link #join(List)} with the joined bytes from {@code memory} (tests: a pool that is full). */
    static SharedPayload join(List<StreamChunk> run, ByteBufAllocator memory) {
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
        ByteBuf buf = allocate(memory, (int) total, Integer.MAX_VALUE);
        if (buf == null) {
            return null;
        }
        try {
            buf.writeByte('[');
            boolean first = true;
            for (StreamBatch b : batches) {
                int inner = b.eventsBytes - 2;
                if (b.eventCount > 0) { // by count: the master's bytes of an empty array may hold spaces
                    if (!first) {
                        buf.writeByte(',');
                    }
                    buf.writeBytes(b.events, b.events.readerIndex() + 1, inner);
                    first = false;
                }
            }
            buf.writeByte(']');
            return new StreamBatch(batches.get(batches.size() - 1).seq, false, buf, count, null);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
    }

    /** Off-heap bytes of all page-stream batches not freed yet, on this node. */
    static long offHeapBytes() {
        return OFF_HEAP_BYTES.get();
    }

    /** How many batches and joins found the node's direct memory full since the start. */
    static long memoryExhausted() {
        return MEMORY_EXHAUSTED.get();
    }

    /**
     * A buffer of {@code initial} bytes from {@code memory}, or null when the node's direct memory is exhausted
     * ({@code -XX:MaxDirectMemorySize}, or Netty's own limit). That {@link OutOfMemoryError} is about one
     * allocation outside the heap, not the heap: thrown on, it would leave a session actor's step half done on an
     * event loop, and Reactor treats it as fatal. Here it fails only this batch (or join), is counted, and is
     * logged at the 1st, 2nd, 4th, 8th… time, so that a node short of memory for minutes does not flood its log.
     */
    private static ByteBuf allocate(ByteBufAllocator memory, int initial, int max) {
        try {
            return memory.directBuffer(initial, max);
        } catch (OutOfMemoryError e) {
            long n = MEMORY_EXHAUSTED.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                LOG.warn("No direct memory for {} bytes of page-stream events ({} such failures so far; the logs hold {}"
                        + " bytes): the batch or join is dropped, and agents get the page again from the customer's"
                        + " browser. Raise -XX:MaxDirectMemorySize or lower the page logs' budget (docs/operations.md)",
                        initial, n, OFF_HEAP_BYTES.get(), e);
            }
            return null;
        }
    }

    private static CapacityException exhausted(long seq, boolean snapshot, int bytes) {
        return new CapacityException("The server has no memory left for page updates right now, so " + (snapshot
                ? "this snapshot" : "this page update") + " (seq " + seq + ", " + bytes + " bytes of events) was not"
                + " passed on; send a snapshot of the page again in a few seconds");
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

    /** The direct memory the batch's buffer holds: exactly its events. */
    int offHeapCapacity() {
        return events.capacity();
    }

    /** Whether the batch's memory came from the logs' own pool ({@link #MEMORY}), as it must. */
    boolean inLogMemory() {
        return events.alloc() == MEMORY;
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
        return EncodedMessage.ofData(CobrowseServices.STREAM,
                List.of(ascii(liveHead(seq)), eventsView(0, eventsBytes), ascii(liveTail(snapshot))));
    }

    private static String liveHead(long seq) {
        return "{\"v\":" + CobrowseRequests.WIRE_VERSION + ",\"seq\":" + seq + ",\"events\":";
    }

    private static String liveTail(boolean snapshot) {
        return snapshot ? ",\"snapshot\":true}" : "}";
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
            if (b.eventCount > 0) { // by count: the master's bytes of an empty array may hold spaces
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

    /**
     * A growable byte array reused by one thread for the batches it encodes: a batch's bytes are written once here
     * and copied once to where they stay, with no intermediate buffer to allocate, grow or trim. An array grown
     * past {@value #KEEP_BYTES} bytes (a snapshot) is dropped after its batch, so that no thread keeps megabytes.
     */
    private static final class Scratch extends OutputStream {
        private static final int FIRST_BYTES = 4096;
        private static final int KEEP_BYTES = 64 * 1024;
        private byte[] bytes = new byte[FIRST_BYTES];
        private int size;

        void reset() {
            size = 0;
        }

        /** After a batch: a snapshot's large array goes back to the collector. */
        void done() {
            if (bytes.length > KEEP_BYTES) {
                bytes = new byte[FIRST_BYTES];
            }
            size = 0;
        }

        int size() {
            return size;
        }

        byte[] bytes() {
            return bytes;
        }

        /** What was written, without a copy; valid until the next use of this scratch. */
        ByteBuffer view() {
            return ByteBuffer.wrap(bytes, 0, size).asReadOnlyBuffer();
        }

        void writeAscii(String s) {
            int n = s.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[size++] = (byte) s.charAt(i);
            }
        }

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            long needed = (long) size + more;
            if (needed > bytes.length) {
                if (needed > Integer.MAX_VALUE - 16) {
                    throw new IllegalArgumentException("A page-stream batch of " + needed + " bytes cannot be encoded");
                }
                bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * bytes.length)));
            }
        }
    }
}
