package dev.tandem.bayeux.cobrowse;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxServer;
import dev.tandem.bayeux.RemovalReason;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import dev.tandem.bayeux.SessionListener;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.UserToken;
import java.util.Objects;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The co-browse binding: the seed's {@code /service/session/*} request channels answered by a
 * {@link SessionEngine}, the engine's notifications delivered on the seed's notification channels, and
 * {@link SessionEngine#disconnected} called for every userToken a removed Bayeux client held.
 *
 * <p>A userToken is bound to the Bayeux client that joined (or resumed, by sending {@code userToken} in
 * a join) with it; {@code exit}, {@code stop} and {@code page} from any other client get {@code 403}.
 *
 * <pre>{@code
 * BayeuxServer bayeux = BayeuxServer.builder().build();
 * CobrowseServices.bind(bayeux, SessionEngine.builder().build());
 * }</pre>
 */
public final class CobrowseServices {
    public static final String CREATE = "/service/session/create";
    public static final String JOIN = "/service/session/join";
    public static final String EXIT = "/service/session/exit";
    public static final String STOP = "/service/session/stop";
    /** Our extension: the master reports the page it entered (for the session history). */
    public static final String PAGE = "/service/session/page";
    public static final String JOINED = "/service/session/joined";
    public static final String ACTIVATED = "/service/session/activated";
    public static final String DEACTIVATED = "/service/session/deactivated";

    private final SessionEngine engine;
    private final TokenBindings bindings = new TokenBindings();

    private CobrowseServices(SessionEngine engine) {
        this.engine = engine;
    }

    /** Registers the co-browse services and the disconnect listener on {@code server}. */
    public static CobrowseServices bind(BayeuxServer server, SessionEngine engine) {
        Objects.requireNonNull(server, "server");
        CobrowseServices services = new CobrowseServices(Objects.requireNonNull(engine, "engine"));
        server.addService(CREATE, services::create);
        server.addService(JOIN, services::join);
        server.addService(EXIT, services::exit);
        server.addService(STOP, services::stop);
        server.addService(PAGE, services::page);
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
            return engine.join(join, new MemberParticipant(session)).map(r -> {
                bindings.bind(r.userToken(), session.id());
                if (session.isRemoved()) {
                    clientRemoved(session);
                }
                return ServiceReply.ok(CobrowseJson.joined(r));
            });
        }));
    }

    private Mono<ServiceReply> exit(ServiceRequest req) {
        return withOwnToken(req, "exit", token -> engine.exit(token)
                .then(Mono.fromSupplier(() -> {
                    bindings.unbind(token, req.session().id());
                    return ServiceReply.ok();
                })));
    }

    private Mono<ServiceReply> stop(ServiceRequest req) {
        return withOwnToken(req, "stop", token -> engine.stop(token).map(times -> ServiceReply.ok()));
    }

    private Mono<ServiceReply> page(ServiceRequest req) {
        return withOwnToken(req, "page", token -> {
            String url = CobrowseRequests.url(req.data());
            return engine.reportPage(token, url).then(Mono.fromSupplier(ServiceReply::ok));
        });
    }

    private Mono<ServiceReply> withOwnToken(ServiceRequest req, String command, Function<UserToken, Mono<ServiceReply>> action) {
        return answer(Mono.defer(() -> {
            UserToken token = CobrowseRequests.userToken(req.data(), command);
            if (!bindings.owns(req.session().id(), token)) {
                return Mono.just(ServiceReply.error(BayeuxError.FORBIDDEN, "This userToken is not held by this "
                        + "connection: join with it (as 'userToken' in the join request) to resume, then retry"));
            }
            return action.apply(token);
        }));
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
