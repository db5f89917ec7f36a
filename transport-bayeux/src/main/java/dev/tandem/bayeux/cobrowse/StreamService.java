package dev.tandem.bayeux.cobrowse;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import dev.tandem.bayeux.cobrowse.CobrowseRequests.StreamRequest;
import dev.tandem.bayeux.cobrowse.TokenBindings.Holder;
import dev.tandem.core.CapacityException;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.StreamChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code /service/session/stream}: the master's page, batch by batch. A batch is checked for masked content
 * ({@link PageState#admit}), encoded once ({@link StreamBatch}) and handed to the engine, which logs it and
 * relays it to every agent. Snapshot batches are checked and encoded on {@code worker} (CPU work of tens of
 * milliseconds for a large page), increments on the event loop (microseconds). Refusals: {@code 400} malformed or wrong wire version, {@code 403} not the master's
 * token or not held by this client, masked content, or no baseline for this page yet; {@code 410} the session ended
 * (a batch that crossed the end).
 */
final class StreamService {
    private static final Logger LOG = LoggerFactory.getLogger(StreamService.class);
    /**
     * Snapshots up to this size (the {@code events} array as the master sent it; a page of ~1,000 nodes is about
     * 60 KB) are checked on the event loop, where their trees were read: moving the check to a worker and its reply
     * back costs two thread hand-offs, which on a busy node cost more than walking a small tree.
     */
    static final int INLINE_SNAPSHOT_BYTES = 64 * 1024;

    private final SessionEngine engine;
    private final CobrowseServices services;
    private final Scheduler worker;

    StreamService(SessionEngine engine, CobrowseServices services, Scheduler worker) {
        this.engine = engine;
        this.services = services;
        this.worker = worker;
    }

    Mono<ServiceReply> handle(ServiceRequest req) {
        return Mono.defer(() -> {
            StreamRequest stream = CobrowseRequests.stream(req.data());
            Holder holder = services.holder(req, stream.userToken());
            if (holder == null) {
                return Mono.just(CobrowseServices.notHeld());
            }
            if (!holder.isMaster()) {
                return Mono.just(ServiceReply.error(BayeuxError.FORBIDDEN, "Only the master publishes the page stream;"
                        + " this userToken belongs to a " + CobrowseServices.roleName(holder.role())));
            }
            Mono<ServiceReply> work = Mono.defer(() -> admit(req, holder, stream));
            // A snapshot can be megabytes: check and encode a large one on a worker, not on the event loop (the
            // master's requests are processed one at a time, so its batches keep their order). A small one is
            // checked where it was read: the two hand-offs would cost more than the check.
            return stream.snapshot() && !small(stream) ? work.subscribeOn(worker) : work;
        }).onErrorResume(e -> Mono.just(CobrowseErrors.reply(e)));
    }

    /** At most {@link #INLINE_SNAPSHOT_BYTES} of the master's own bytes; a batch read as a plain tree is not. */
    private static boolean small(StreamRequest stream) {
        return stream.events() instanceof PageEvents events && events.json().length <= INLINE_SNAPSHOT_BYTES;
    }

    private Mono<ServiceReply> admit(ServiceRequest req, Holder holder, StreamRequest stream) {
        return Mono.defer(() -> {
            PageState page = services.existingPage(holder.session());
            if (page == null) {
                // The master joined, so its page state existed: the session ended since (the state goes with it,
                // and must not come back for an ended session). The master learns it from its deactivated
                // notification too; this batch crossed it.
                return Mono.just(ServiceReply.error(BayeuxError.GONE, "The co-browse session has ended; this page"
                        + " update is not passed on"));
            }
            PageState.Admission admission = page.admit(stream);
            if (admission instanceof PageState.Admission.Leaked leaked) {
                return Mono.just(refuseLeak(holder, stream, leaked.result()));
            }
            if (admission instanceof PageState.Admission.NoBaseline none) {
                if (none.askSnapshot()) {
                    req.session().deliver(CobrowseJson.SERVER_RESYNC);
                }
                return Mono.just(ServiceReply.error(BayeuxError.FORBIDDEN, none.baseline() == PageState.Baseline.REFUSED
                        ? "The snapshot of this page was refused for masked content, so its updates are not passed on"
                                + " either; the next snapshot batch starts the page again"
                        : "No snapshot of this page reached the agents yet, so this update is not passed on; send a"
                                + " snapshot batch (\"snapshot\":true, rrweb Meta and FullSnapshot first) to start the page"));
            }
            // This request's reference to the batch's off-heap bytes, given back once the engine answered (the log
            // took its own) or the request was cancelled.
            return Mono.using(() -> batchOf(page, stream),
                    batch -> engine.stream(stream.userToken(), new StreamChunk(stream.seq(), stream.snapshot(), batch, batch.size()))
                            .then(Mono.fromSupplier(() -> {
                                page.relayed(batch);
                                return ServiceReply.ok();
                            }))
                            .doOnError(e -> page.notRelayed(batch.snapshot())),
                    StreamBatch::release);
        }).onErrorResume(e -> Mono.just(CobrowseErrors.reply(e)));
    }

    /** The batch of {@code stream}'s events; when the node has no memory for it, the page is marked as not relayed. */
    private static StreamBatch batchOf(PageState page, StreamRequest stream) {
        try {
            return StreamBatch.of(stream.seq(), stream.snapshot(), stream.events());
        } catch (CapacityException e) {
            page.notRelayed(stream.snapshot());
            throw e;
        }
    }

    private static ServiceReply refuseLeak(Holder holder, StreamRequest stream, MaskCheck.Result result) {
        MaskCheck.Leak leak = result.first();
        // The content itself is never logged.
        LOG.warn("Refused page-stream batch {} of session {}: {} (rrweb node {}) is {} but was sent unmasked{}",
                stream.seq(), holder.session(), leak.what(), leak.nodeId(), leak.why(),
                result.leaks() > 1 ? " (" + result.leaks() + " such leaks in the batch)" : "");
        return ServiceReply.error(BayeuxError.FORBIDDEN, "This page update carries " + leak.what() + " (rrweb node "
                + leak.nodeId() + ") that is " + leak.why() + " but was not masked in the browser, so the server refused"
                + " it and passed nothing on" + (stream.snapshot() ? " (nor will it pass this page's updates until the"
                + " next snapshot)" : "") + "; check the co-browse masking configuration and script version");
    }
}
