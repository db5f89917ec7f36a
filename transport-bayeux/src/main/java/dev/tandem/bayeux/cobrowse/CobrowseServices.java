package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import dev.tandem.bayeux.SessionListener;
import dev.tandem.bayeux.cobrowse.TokenBindings.Holder;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.PageRules;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The co-browse binding: the seed's {@code /service/session/*} request channels and Tandem's ({@code page},
 * {@code rules}, {@code stream}, {@code control}) answered by a {@link SessionEngine}, the engine's notifications
 * delivered on their channels, and {@link SessionEngine#disconnected} called for every userToken a removed Bayeux
 * client held. See {@code docs/protocol.md} for every message.
 *
 * <p>A userToken is bound to the Bayeux client that joined (or resumed, by sending {@code userToken} in a join)
 * with it; requests with it from any other client get {@code 403}. Page-stream batches are checked against the
 * masking rules on the server too ({@link MaskCheck}): content that the rules mask but the browser sent unmasked is
 * refused, logged (without the content) and never relayed.
 *
 * <pre>{@code
 * BayeuxServer bayeux = BayeuxServer.builder().build();
 * CobrowseServices.bind(bayeux, SessionEngine.builder().build(), rules);
 * }</pre>
 */
public final class CobrowseServices {
    public static final String CREATE = "/service/session/create";
    public static final String JOIN = "/service/session/join";
    public static final String EXIT = "/service/session/exit";
    public static final String STOP = "/service/session/stop";
    /** Our extension: the master reports the page it entered (for the session history). */
    public static final String PAGE = "/service/session/page";
    /** Our extension: the masking and read-only rules, for the master's browser. */
    public static final String RULES = "/service/session/rules";
    /** Our extension: the page stream, master → server → agents (request and notification). */
    public static final String STREAM = "/service/session/stream";
    /** Our extension: agents' actions and the master's answers (request and notification). */
    public static final String CONTROL = "/service/session/control";
    public static final String JOINED = "/service/session/joined";
    public static final String ACTIVATED = "/service/session/activated";
    public static final String DEACTIVATED = "/service/session/deactivated";

    private static final Logger LOG = LoggerFactory.getLogger(CobrowseServices.class);

    private final SessionEngine engine;
    private final TokenBindings bindings = new TokenBindings();
    private final ConcurrentHashMap<String, PageState> pages = new ConcurrentHashMap<>();
    private final MaskRules maskRules;
    private final ObjectNode rulesReply;
    private final Scheduler scheduler;
    private final StreamService stream;
    private final ControlService control;

    private CobrowseServices(SessionEngine engine, PageRules rules, Scheduler scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.rulesReply = CobrowseJson.rules(rules);
        this.maskRules = MaskRules.compile(rules, reason -> LOG.info("Not checked on the server (the browser still applies it): {}", reason));
        LOG.info("Page-stream mask check: {} of {} mask rules, and the always-masked fields", maskRules.ruleCount(), rules.mask().size());
        this.stream = new StreamService(engine, this, scheduler);
        this.control = new ControlService(engine, this, () -> System.nanoTime() / 1_000_000);
    }

    /** Registers the co-browse services with no masking rules beyond the built-in ones ({@link PageRules#NONE}). */
    public static CobrowseServices bind(BayeuxServer server, SessionEngine engine) {
        return bind(server, engine, PageRules.NONE);
    }

    /**
     * Registers the co-browse services and the disconnect listener on {@code server}; {@code rules} are sent to
     * the master's browser on {@code /service/session/rules} and checked on the page stream.
     */
    public static CobrowseServices bind(BayeuxServer server, SessionEngine engine, PageRules rules) {
        Objects.requireNonNull(server, "server");
        CobrowseServices services = new CobrowseServices(Objects.requireNonNull(engine, "engine"),
                Objects.requireNonNull(rules, "rules"), Schedulers.parallel());
        server.addService(CREATE, services::create);
        server.addService(JOIN, services::join);
        server.addService(EXIT, services::exit);
        server.addService(STOP, services::stop);
        server.addService(PAGE, services::page);
        server.addService(RULES, services::rules);
        server.addService(STREAM, services.stream::handle, StreamDataReader.INSTANCE);
        server.addService(CONTROL, services.control::handle);
        server.addSessionListener(new SessionListener() {
            @Override
            public void removed(ServerSession session, RemovalReason reason) {
                services.clientRemoved(session);
            }
        });
        return services;
    }

    private Mono<ServiceReply> create(ServiceRequest req) {
        return answer(Mono.defer(() -> {
            CobrowseRequests.create(req.data());
            return engine.create().map(c -> ServiceReply.ok(CobrowseJson.created(c.token().value())));
        }));
    }

    private Mono<ServiceReply> join(ServiceRequest req) {
        ServerSession session = req.session();
        return answer(Mono.defer(() -> {
            JoinRequest join = CobrowseRequests.join(req.data());
            String sessionToken = join.token().value();
            MemberParticipant participant = new MemberParticipant(session, scheduler, () -> pages.remove(sessionToken));
            return engine.join(join, participant).map(r -> {
                // Runs before the engine hands this join's notifications (activated, the replay) to anyone.
                Holder holder = new Holder(session.id(), join.role(), r.userId(), join.token());
                bindings.bind(r.userToken(), holder);
                if (holder.isMaster()) {
                    page(join.token()).masterJoined();
                } else {
                    askSnapshotIfLogIsBroken(r.userToken(), holder);
                }
                if (session.isRemoved()) {
                    clientRemoved(session);
                }
                return ServiceReply.ok(CobrowseJson.joined(r));
            });
        }));
    }

    /** A joining agent gets the engine's log; when it is not the page as it is, the master is asked for a snapshot. */
    private void askSnapshotIfLogIsBroken(UserToken agent, Holder holder) {
        PageState page = existingPage(holder.session());
        if (page != null && page.baseline() == PageState.Baseline.LIVE && !page.logReplayable()
                && page.claimMasterResync(System.nanoTime() / 1_000_000)) {
            var resync = CobrowseJson.agentResync(holder.userId());
            engine.control(agent, resync, resync.size()).subscribe(null, e -> LOG.debug("Resync request not relayed", e));
        }
    }

    private Mono<ServiceReply> exit(ServiceRequest req) {
        return withOwnToken(req, "exit", (token, holder) -> engine.exit(token)
                .then(Mono.fromSupplier(() -> {
                    bindings.unbind(token, req.session().id());
                    if (holder.isMaster()) {
                        pages.remove(holder.session().value());
                    }
                    return ServiceReply.ok();
                })));
    }

    private Mono<ServiceReply> stop(ServiceRequest req) {
        return withOwnToken(req, "stop", (token, holder) -> engine.stop(token).map(times -> ServiceReply.ok()));
    }

    private Mono<ServiceReply> page(ServiceRequest req) {
        return withOwnToken(req, "page", (token, holder) -> {
            String url = CobrowseRequests.url(req.data());
            PageState page = holder.isMaster() ? existingPage(holder.session()) : null;
            if (page != null) {
                page.pageReported(url); // none: the session ended, and the engine says so
            }
            return engine.reportPage(token, url).then(Mono.fromSupplier(ServiceReply::ok));
        });
    }

    private Mono<ServiceReply> rules(ServiceRequest req) {
        return answer(Mono.defer(() -> {
            UserToken token = CobrowseRequests.rules(req.data());
            if (holder(req, token) == null) {
                return Mono.just(notHeld());
            }
            if (engine.sessionOf(token).isEmpty()) {
                return Mono.just(ServiceReply.error(BayeuxError.NOT_FOUND, "No live session has a member with this"
                        + " userToken; the session may have ended; join again"));
            }
            return Mono.just(ServiceReply.ok(rulesReply));
        }));
    }

    private Mono<ServiceReply> withOwnToken(ServiceRequest req, String command, BiFunction<UserToken, Holder, Mono<ServiceReply>> action) {
        return answer(Mono.defer(() -> {
            UserToken token = CobrowseRequests.userToken(req.data(), command);
            Holder holder = holder(req, token);
            return holder == null ? Mono.just(notHeld()) : action.apply(token, holder);
        }));
    }

    /** What a request's userToken stands for, when the requesting client holds it; null otherwise. */
    Holder holder(ServiceRequest req, UserToken token) {
        return bindings.held(req.session().id(), token).orElse(null);
    }

    /**
     * Bytes of page-stream batches kept outside the heap on this node (the sessions' logs, and batches on their way
     * to the engine or into a replay): a gauge for operators.
     */
    public static long pageStreamOffHeapBytes() {
        return StreamBatch.offHeapBytes();
    }

    /**
     * How many page-stream batches (refused to their master, who is asked for a snapshot later) and log joins (the
     * log keeps the batches unjoined) found the node's direct memory full: a counter for operators.
     */
    public static long pageStreamMemoryExhausted() {
        return StreamBatch.memoryExhausted();
    }

    /** The page state of {@code session}, made when missing. */
    PageState page(SessionToken session) {
        return pages.computeIfAbsent(session.value(), k -> new PageState(maskRules));
    }

    /** The page state of {@code session}, or null. */
    PageState existingPage(SessionToken session) {
        return pages.get(session.value());
    }

    static ServiceReply notHeld() {
        return ServiceReply.error(BayeuxError.FORBIDDEN, "This userToken is not held by this connection: join with it"
                + " (as 'userToken' in the join request) to resume, then retry");
    }

    static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static Mono<ServiceReply> answer(Mono<ServiceReply> work) {
        return work.onErrorResume(e -> Mono.just(CobrowseErrors.reply(e)));
    }

    private void clientRemoved(ServerSession session) {
        for (UserToken token : bindings.removeClient(session.id())) {
            engine.disconnected(token);
        }
    }
}
