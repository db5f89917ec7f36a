package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.core.Notification;
import dev.tandem.core.Participant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * A session member as the engine sees it: renders notifications onto the seed's channels and Tandem's, and
 * queues them on the member's Bayeux client (bounded; never blocks). {@code deactivated} carries the reason in
 * {@code ext.tandem.reason} so that {@code data} keeps exactly the seed's shape.
 *
 * <p>Page-stream batches and control messages arrive encoded already ({@link StreamBatch}, {@link EncodedMessage})
 * and are queued as they are. A replay (the engine hands over the session's log one batch at a time, right after
 * a join or a resync) is gathered and sent as few {@code replay:true} messages of up to {@link #REPLAY_PART_BYTES}
 * each — a log of thousands of small batches would otherwise overflow the agent's queue. The gathered part is
 * sent before anything else this member gets, and at the latest {@link #REPLAY_FLUSH_DELAY_MS} after the replay
 * began. A gathered batch is retained (its bytes are off the heap, {@link StreamBatch}) until its replay message
 * is made.
 */
final class MemberParticipant implements Participant {
    private static final Logger LOG = LoggerFactory.getLogger(MemberParticipant.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Events bytes per replay message. */
    static final int REPLAY_PART_BYTES = 1024 * 1024;
    /**
     * How long after a replay's first batch the gathered part is sent if nothing else sends it: the engine hands
     * over a whole log in well under this, so a replay normally leaves as one message (a slower hand-over only
     * splits it into more parts, each a valid replay message).
     */
    static final long REPLAY_FLUSH_DELAY_MS = 5;

    private final ServerSession session;
    private final Scheduler scheduler;
    private final Runnable onEnded;
    // Guarded by this: the replay being gathered, and whether a flush is scheduled.
    private List<StreamBatch> replay = new ArrayList<>();
    private long replayBytes;
    private boolean flushScheduled;

    /**
     * @param onEnded run once the session's deactivation reached this member (to forget per-session state)
     */
    MemberParticipant(ServerSession session, Scheduler scheduler, Runnable onEnded) {
        this.session = session;
        this.scheduler = scheduler;
        this.onEnded = onEnded;
    }

    @Override
    public void deliver(Notification notification) {
        if (notification instanceof Notification.Stream s) {
            if (!(s.chunk().payload() instanceof StreamBatch batch)) {
                LOG.debug("Ignored a page-stream chunk of another transport");
                return;
            }
            if (s.replay()) {
                gather(batch);
            } else {
                EncodedMessage live = batch.live();
                synchronized (this) {
                    flushReplay();
                    if (live != null) {
                        session.deliver(live);
                    } else {
                        // Freed: nobody kept the batch (not logged, its request gone) and the session moved on.
                        LOG.debug("Page-stream batch {} was freed before it reached this member", batch.seq());
                    }
                }
            }
            return;
        }
        synchronized (this) {
            flushReplay();
            render(notification);
        }
    }

    private void render(Notification notification) {
        if (notification instanceof Notification.Control c) {
            if (c.payload() instanceof EncodedMessage m) {
                session.deliver(m);
            } else {
                LOG.debug("Ignored a control message of another transport");
            }
        } else if (notification instanceof Notification.SnapshotRequested) {
            session.deliver(CobrowseJson.SERVER_RESYNC);
        } else if (notification instanceof Notification.UserJoined j) {
            session.deliver(CobrowseServices.JOINED, CobrowseJson.member(j.member()));
        } else if (notification instanceof Notification.Activated a) {
            session.deliver(CobrowseServices.ACTIVATED, JSON.objectNode().put("activationTime", a.activationTime()));
        } else if (notification instanceof Notification.Deactivated d) {
            ObjectNode data = JSON.objectNode();
            if (d.activationTime().isPresent()) {
                data.put("activationTime", d.activationTime().getAsLong());
            } else {
                data.putNull("activationTime");
            }
            data.put("deactivationTime", d.deactivationTime());
            ObjectNode ext = JSON.objectNode();
            ext.putObject("tandem").put("reason", d.reason().clientReason());
            session.deliver(CobrowseServices.DEACTIVATED, data, ext);
            onEnded.run();
        }
    }

    private void gather(StreamBatch batch) {
        // The engine hands over its log while it keeps it, so the batch is alive; this member's own reference
        // keeps it so until the replay is copied out (the log may drop it meanwhile).
        if (!batch.tryRetain()) {
            LOG.warn("Page-stream batch {} was freed before its replay; the agent's view misses it", batch.seq());
            return;
        }
        boolean schedule;
        synchronized (this) {
            if (batch.snapshot() && !replay.isEmpty()) {
                flushReplay(); // a new replay begins: the previous one is complete
            }
            replay.add(batch);
            replayBytes += batch.size();
            if (replayBytes >= REPLAY_PART_BYTES) {
                flushReplay();
            }
            schedule = !replay.isEmpty() && !flushScheduled;
            flushScheduled |= schedule;
        }
        if (schedule) {
            try {
                scheduler.schedule(this::scheduledFlush, REPLAY_FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                LOG.warn("Could not schedule a replay flush; sending what was gathered now", e);
                scheduledFlush();
            }
        }
    }

    private void scheduledFlush() {
        synchronized (this) {
            flushScheduled = false;
            flushReplay();
        }
    }

    /** Sends what was gathered of a replay, if anything. Called holding the lock: deliveries keep their order. */
    private void flushReplay() {
        if (replay.isEmpty()) {
            return;
        }
        List<StreamBatch> batches = replay;
        replay = new ArrayList<>();
        replayBytes = 0;
        List<EncodedMessage> messages;
        try {
            messages = StreamBatch.replay(batches, REPLAY_PART_BYTES);
        } finally {
            batches.forEach(StreamBatch::release); // copied onto the heap: the off-heap bytes are not needed here
        }
        for (EncodedMessage m : messages) {
            session.deliver(m);
        }
    }
}
