package dev.tandem.core.internal;

import dev.tandem.core.SharedPayload;
import dev.tandem.core.StreamChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's page-stream log: the latest full snapshot and the increments since, in order, within a
 * byte budget. Mutable and confined to its {@link SessionActor}'s draining thread, like the actor's
 * participants: it is a projection of the session's {@link SessionEvent.ChunkStreamed} events, not part of
 * {@link SessionState}, because no decision depends on its content and keeping it in the immutable state
 * would cost a new state (and a copied or persistent list) per chunk. Appending is amortised O(1) and
 * never copies the log.
 *
 * <p>Rules: a snapshot restarts the log; an increment is appended when the log has a snapshot and the
 * budget allows; otherwise it is not logged. An increment that would overflow the budget drops the log
 * (it is useless without that increment) and marks it stale until the next snapshot. While the log has no
 * snapshot (none yet, or stale) the master is asked for one at most once per snapshot, tracked here.
 *
 * <p>What a log keeps is also reserved from the node's {@link StreamLogBudget}: when the node's logs are full,
 * the chunk is not logged and the log is dropped as if it had outgrown its own budget (a snapshot that does
 * not fit leaves the log empty). Agents that join or resync then get the page from the customer's browser
 * (a snapshot request), as without a log.
 *
 * <p>Every chunk costs its {@link StreamChunk#size()} plus {@link #CHUNK_OVERHEAD} against the budget, so
 * the number of chunks is bounded too, whatever sizes the master declares: the log never holds more than
 * {@code budget + CHUNK_OVERHEAD} bytes' worth (a snapshot alone is always logged; the options keep it
 * within the budget).
 *
 * <p>A {@link SharedPayload} is retained while the log keeps its chunk and released when the log drops it; one
 * that was freed already (its sender gave up on it) is not logged, as if the budget were full.
 *
 * <p>Every {@link #JOIN_RUN} increments in a row are joined ({@link SharedPayload#join}) into the joined chunk
 * before them, or into one of their own when that one may not grow (its payload bounds its size) or there is none:
 * a log of a page's snapshot and thousands of changes is then a few dozen objects, and no batch's own objects
 * outlive a few seconds. A joined chunk has the seq of its last batch and the sum of its batches' sizes; it costs
 * one {@link #CHUNK_OVERHEAD} instead of one per batch.
 */
final class StreamLog {
    /** Bytes charged per chunk beyond its payload: the chunk, its slot and the payload's own header. */
    static final int CHUNK_OVERHEAD = 64;
    /** Increments joined into one chunk, once this many follow the last joined one (at 1 batch/s: every 8 s). */
    static final int JOIN_RUN = 8;

    private final long budget;
    private final StreamLogBudget node;
    private ArrayList<StreamChunk> chunks = new ArrayList<>();
    private long bytes;
    private boolean stale;
    private boolean snapshotRequested;
    /** The increments at the end of the log not joined yet. */
    private int unjoined;
    /** Whether the chunk before those increments is a joined one, which the next join may grow. */
    private boolean joinedBefore;

    /** A log with its own {@code budget}, drawing on the node's budget {@code node}. */
    StreamLog(long budget, StreamLogBudget node) {
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be positive, got " + budget);
        }
        this.budget = budget;
        this.node = node;
    }

    /** Logs {@code chunk} if the rules allow (see the class comment). */
    void append(StreamChunk chunk) {
        if (chunk.snapshot()) {
            release();
            snapshotRequested = false;
            if (!keep(chunk)) {
                stale = true;
                return;
            }
            // A fresh list: the old one's array may have grown large, and snapshots are rare.
            chunks.add(chunk);
            bytes = cost(chunk);
            stale = false;
            return;
        }
        if (chunks.isEmpty()) {
            return;
        }
        long next = bytes + cost(chunk);
        if (next > budget || !keep(chunk)) {
            release();
            stale = true;
            return;
        }
        chunks.add(chunk);
        bytes = next;
        if (++unjoined == JOIN_RUN) {
            joinTail();
        }
    }

    /**
     * Joins the last {@link #unjoined} increments into the joined chunk before them when its payload allows (the
     * payload bounds how large a joined chunk grows), else into one chunk of their own: the log is a snapshot, a
     * few joined chunks and fewer than {@link #JOIN_RUN} increments, not one joined chunk per run.
     */
    private void joinTail() {
        int from = chunks.size() - unjoined;
        unjoined = 0;
        if (joinedBefore && join(from - 1)) {
            return;
        }
        joinedBefore = join(from);
    }

    /** Replaces the increments from {@code from} to the end by one chunk, when their payloads can be joined. */
    private boolean join(int from) {
        List<StreamChunk> run = chunks.subList(from, chunks.size());
        SharedPayload joined = run.get(0).payload() instanceof SharedPayload first ? first.join(run) : null;
        if (joined == null) {
            return false;
        }
        long size = 0;
        for (StreamChunk c : run) {
            size += c.size();
        }
        StreamChunk merged = new StreamChunk(run.get(run.size() - 1).seq(), false, joined, (int) Math.min(size, Integer.MAX_VALUE));
        long saved = cost(run) - cost(merged);
        for (StreamChunk c : run) {
            ((SharedPayload) c.payload()).release();
        }
        run.clear();
        chunks.add(merged);
        bytes -= saved;
        node.release(saved);
        return true;
    }

    private static long cost(List<StreamChunk> run) {
        long total = 0;
        for (StreamChunk c : run) {
            total += cost(c);
        }
        return total;
    }

    /** Whether the master should be asked for a snapshot now: the log has none and none was asked for. */
    boolean wantsSnapshot() {
        return chunks.isEmpty() && !snapshotRequested;
    }

    /** The master was asked for a snapshot: do not ask again until one arrives or {@link #forgetRequest()}. */
    void snapshotRequested() {
        snapshotRequested = true;
    }

    /** The master's connection changed (it resumed): a request sent to the old one may be lost. */
    void forgetRequest() {
        snapshotRequested = false;
    }

    /** The snapshot and the increments since, in order; empty when there is no usable log. A live view. */
    List<StreamChunk> chunks() {
        return chunks;
    }

    /** Drops every chunk (the log outgrew its budget, or the session ended). */
    void release() {
        node.release(bytes);
        for (StreamChunk chunk : chunks) {
            if (chunk.payload() instanceof SharedPayload shared) {
                shared.release();
            }
        }
        chunks = new ArrayList<>();
        bytes = 0;
        unjoined = 0;
        joinedBefore = false;
    }

    /** Reserves the chunk's cost from the node's budget and a reference to its payload; false: neither taken. */
    private boolean keep(StreamChunk chunk) {
        if (!node.reserve(cost(chunk))) {
            return false;
        }
        if (chunk.payload() instanceof SharedPayload shared && !shared.tryRetain()) {
            node.release(cost(chunk));
            return false;
        }
        return true;
    }

    /** The log's charged size: payload sizes plus {@link #CHUNK_OVERHEAD} per chunk. */
    long bytes() {
        return bytes;
    }

    /** Whether the log dropped its content for the budget and waits for a snapshot. */
    boolean stale() {
        return stale;
    }

    private static long cost(StreamChunk chunk) {
        return (long) chunk.size() + CHUNK_OVERHEAD;
    }
}
