package dev.tandem.core.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.CreatedSession;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.LiveSession;
import dev.tandem.core.Participant;
import dev.tandem.core.SessionEngine;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SessionTimes;
import dev.tandem.core.SessionToken;
import dev.tandem.core.ShuttingDownException;
import dev.tandem.core.StreamChunk;
import dev.tandem.core.UserToken;
import dev.tandem.core.history.HistoryStore;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link SessionEngine}: routes each command to its session's {@link SessionActor} through the
 * {@link SessionRegistry}. Every returned {@link Mono} is cold: the command is sent on subscription.
 */
public final class DefaultSessionEngine implements SessionEngine {
    /** How long an ended session's token still answers "session has ended" instead of "unknown". */
    static final Duration ENDED_MEMORY = Duration.ofMinutes(10);
    /** The fewest ended tokens remembered, whatever {@link SessionOptions#maxLiveSessions()} says. */
    static final int MIN_ENDED_CAPACITY = 1_000;
    /** Token draws before giving up; only reached when the token space is nearly exhausted. */
    private static final int TOKEN_ATTEMPTS = 100;

    private final SessionRegistry registry;
    private final SessionActor.Context context;
    private final Tokens tokens;
    private volatile boolean shuttingDown;

    public DefaultSessionEngine(SessionOptions options, Scheduler scheduler, HistoryStore store, Random random) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(random, "random");
        RecentlyEnded<SessionToken> ended = new RecentlyEnded<>(ENDED_MEMORY.toMillis(),
                Math.max(MIN_ENDED_CAPACITY, options.maxLiveSessions()), () -> scheduler.now(TimeUnit.MILLISECONDS));
        this.registry = new SessionRegistry(options.maxLiveSessions(), ended);
        this.context = new SessionActor.Context(options, new Decider(options), registry, scheduler, store,
                new StreamLogBudget(options.maxStreamLogTotalBytes()));
        this.tokens = new Tokens(random);
    }

    /**
     * A {@link SecureRandom} that does no I/O once built: DRBG, seeded here, on the building thread. The
     * platform default (NativePRNG on Linux) reads /dev/urandom on later draws, which BlockHound reports
     * as blocking when a token is drawn on an event loop.
     */
    public static SecureRandom secureRandom() {
        SecureRandom random;
        try {
            random = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            random = new SecureRandom();
        }
        random.nextBytes(new byte[16]);
        return random;
    }

    @Override
    public Mono<CreatedSession> create() {
        return Mono.create(sink -> {
            if (shuttingDown) {
                sink.error(shuttingDownError());
                return;
            }
            if (!registry.reserve()) {
                sink.error(new CapacityException("This server holds its maximum of "
                        + context.options().maxLiveSessions() + " live sessions; retry later or on another server"));
                return;
            }
            SessionActor actor = register();
            if (actor == null) {
                registry.release();
                sink.error(new CapacityException("No free session token was found; retry later"));
                return;
            }
            actor.tell(new Command.Create(), null, erase(sink));
            if (shuttingDown) {
                // shutdown() may have looked at the registry before this session opened: end it here.
                actor.tell(new Command.Shutdown(), null, null);
            }
        });
    }

    private SessionActor register() {
        for (int attempt = 0; attempt < TOKEN_ATTEMPTS; attempt++) {
            SessionActor actor = new SessionActor(tokens.sessionToken(), tokens.historyId(), context);
            if (registry.register(actor)) {
                return actor;
            }
        }
        return null;
    }

    @Override
    public Mono<JoinResult> join(JoinRequest request, Participant participant) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(participant, "participant");
        return Mono.create(sink -> {
            if (shuttingDown) {
                sink.error(shuttingDownError());
                return;
            }
            SessionActor actor = registry.session(request.token());
            if (actor == null) {
                sink.error(registry.endedRecently(request.token())
                        ? Decider.ended(request.token()) : Decider.unknownSession(request.token()));
                return;
            }
            actor.tell(new Command.Join(request, tokens.userToken()), participant, erase(sink));
        });
    }

    @Override
    public Mono<Void> exit(UserToken userToken) {
        Objects.requireNonNull(userToken, "userToken");
        return askMember(userToken, new Command.Exit(userToken));
    }

    @Override
    public Mono<SessionTimes> stop(UserToken userToken) {
        Objects.requireNonNull(userToken, "userToken");
        return askMember(userToken, new Command.Stop(userToken));
    }

    @Override
    public void disconnected(UserToken userToken) {
        if (userToken == null) {
            return;
        }
        SessionActor actor = registry.member(userToken);
        if (actor != null) {
            actor.tell(new Command.Disconnect(userToken), null, null);
        }
    }

    @Override
    public Mono<Void> reportPage(UserToken userToken, String url) {
        Objects.requireNonNull(userToken, "userToken");
        return askMember(userToken, new Command.ReportPage(userToken, url));
    }

    @Override
    public Mono<Void> stream(UserToken master, StreamChunk chunk) {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(chunk, "chunk");
        return askMember(master, new Command.Stream(master, chunk));
    }

    @Override
    public Mono<Void> control(UserToken from, Object payload, int size) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(payload, "payload");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, got " + size);
        }
        return askMember(from, new Command.Control(from, payload, size));
    }

    @Override
    public Mono<Void> resync(UserToken agent) {
        Objects.requireNonNull(agent, "agent");
        return askMember(agent, new Command.Resync(agent));
    }

    @Override
    public Mono<LiveSession> find(SessionToken token) {
        Objects.requireNonNull(token, "token");
        return Mono.create(sink -> {
            SessionActor actor = registry.session(token);
            if (actor == null) {
                sink.success();
            } else {
                actor.tell(new Command.Find(), null, erase(sink));
            }
        });
    }

    @Override
    public Optional<SessionToken> sessionOf(UserToken userToken) {
        SessionActor actor = userToken == null ? null : registry.member(userToken);
        return actor == null ? Optional.empty() : Optional.of(actor.token());
    }

    @Override
    public int liveSessions() {
        return registry.live();
    }

    @Override
    public long streamLogBytes() {
        return context.streamLogs().used();
    }

    @Override
    public long streamChunksShed() {
        return context.streamLogs().shed();
    }

    @Override
    public Mono<Void> shutdown() {
        return Mono.defer(() -> {
            shuttingDown = true;
            return Flux.fromIterable(registry.sessions())
                    .flatMap(actor -> Mono.create(sink -> actor.tell(new Command.Shutdown(), null, erase(sink))))
                    .then();
        });
    }

    /** The live session's actor under {@code token}, or null; for tests. */
    SessionActor session(SessionToken token) {
        return registry.session(token);
    }

    /** Sends {@code command} to the actor of the session {@code userToken} belongs to, on subscription. */
    private <T> Mono<T> askMember(UserToken userToken, Command command) {
        return Mono.create(sink -> {
            SessionActor actor = registry.member(userToken);
            if (actor == null) {
                sink.error(Decider.unknownUser());
            } else {
                actor.tell(command, null, erase(sink));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static MonoSink<Object> erase(MonoSink<?> sink) {
        return (MonoSink<Object>) sink;
    }

    private static ShuttingDownException shuttingDownError() {
        return new ShuttingDownException("The co-browse server is shutting down; start or join the session on another server");
    }
}
