package dev.tandem.core.internal;

import dev.tandem.core.*;
import dev.tandem.core.history.HistoryStore;
import java.util.Optional;
import java.util.Random;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Placeholder until the session-engine implementation lands (work in progress on this branch). */
public final class DefaultSessionEngine implements SessionEngine {
    public DefaultSessionEngine(SessionOptions options, Scheduler scheduler, HistoryStore store, Random random) {
    }

    private static <T> Mono<T> pending() {
        return Mono.error(new TandemException("session engine not built yet"));
    }

    @Override public Mono<CreatedSession> create() { return pending(); }
    @Override public Mono<JoinResult> join(JoinRequest request, Participant participant) { return pending(); }
    @Override public Mono<Void> exit(UserToken userToken) { return pending(); }
    @Override public Mono<SessionTimes> stop(UserToken userToken) { return pending(); }
    @Override public void disconnected(UserToken userToken) { }
    @Override public Mono<Void> reportPage(UserToken userToken, String url) { return pending(); }
    @Override public Mono<LiveSession> find(SessionToken token) { return pending(); }
    @Override public Optional<SessionToken> sessionOf(UserToken userToken) { return Optional.empty(); }
    @Override public int liveSessions() { return 0; }
    @Override public Mono<Void> shutdown() { return Mono.empty(); }
}
