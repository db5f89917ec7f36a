package dev.tandem.bayeux.cobrowse;

import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import dev.tandem.bayeux.cobrowse.CobrowseRequests.ControlRequest;
import dev.tandem.bayeux.cobrowse.TokenBindings.Holder;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.UserToken;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * {@code /service/session/control}: the agents' actions and the customer's answers, relayed by the engine — from
 * an agent to the master only, from the master to every agent — with {@code from} (the sender's userId) added and
 * {@code userToken} removed; encoded once for all recipients. Only {@code v} is checked; types are not interpreted,
 * except an agent's {@code resync}:
 *
 * <ul>
 *   <li>when the engine's log holds the page as it is (a baseline, nothing missing since, at most
 *   {@link PageState#MAX_REPLAYED_EVENTS} events) the log is replayed to that agent alone
 *   ({@link SessionEngine#resync}) — the usual case, an agent that missed messages, costs the customer nothing;</li>
 *   <li>otherwise (a batch of the master's was lost or refused, the log is long — the console's compaction — or
 *   there is no baseline) only a new snapshot helps: the resync goes on to the master as the contract says, at most
 *   once per {@link PageState#MASTER_RESYNC_INTERVAL_MS} unless a snapshot came meanwhile; the snapshot reaches
 *   every agent.</li>
 * </ul>
 */
final class ControlService {
    private final SessionEngine engine;
    private final CobrowseServices services;
    private final LongSupplier clock;

    ControlService(SessionEngine engine, CobrowseServices services, LongSupplier clock) {
        this.engine = engine;
        this.services = services;
        this.clock = clock;
    }

    Mono<ServiceReply> handle(ServiceRequest req) {
        return Mono.defer(() -> {
            ControlRequest control = CobrowseRequests.control(req.data());
            Holder holder = services.holder(req, control.userToken());
            if (holder == null) {
                return Mono.just(CobrowseServices.notHeld());
            }
            if (!holder.isMaster() && control.type().filter("resync"::equals).isPresent()) {
                return resync(control.userToken(), holder);
            }
            return relay(control.userToken(), CobrowseJson.control(control.body(), holder.userId()));
        }).onErrorResume(e -> Mono.just(CobrowseErrors.reply(e)));
    }

    /** An agent asks for the page again: see the class comment. */
    Mono<ServiceReply> resync(UserToken agent, Holder holder) {
        PageState page = services.existingPage(holder.session());
        if (page == null || page.logReplayable()) {
            return engine.resync(agent).then(Mono.fromSupplier(ServiceReply::ok));
        }
        if (page.claimMasterResync(clock.getAsLong())) {
            return relay(agent, CobrowseJson.agentResync(holder.userId()));
        }
        return Mono.just(ServiceReply.ok()); // a snapshot was asked for moments ago; it reaches every agent
    }

    private Mono<ServiceReply> relay(UserToken from, EncodedMessage message) {
        return engine.control(from, message, message.size()).then(Mono.fromSupplier(ServiceReply::ok));
    }
}
