package dev.tandem.core.internal;

import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps session token → actor and userToken → actor, counts live sessions against their bound and
 * remembers recently ended tokens. Lock-free; shared by the engine and every actor.
 */
final class SessionRegistry {
    private final Map<SessionToken, SessionActor> sessions = new ConcurrentHashMap<>();
    private final Map<UserToken, SessionActor> members = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final int maxLive;
    private final RecentlyEnded<SessionToken> ended;

    SessionRegistry(int maxLive, RecentlyEnded<SessionToken> ended) {
        this.maxLive = maxLive;
        this.ended = ended;
    }

    /** Takes one of the live-session slots; false when all are taken. */
    boolean reserve() {
        if (live.incrementAndGet() > maxLive) {
            live.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        live.decrementAndGet();
    }

    int live() {
        return live.get();
    }

    /** Registers {@code actor} under its token; false when the token is taken or ended recently. */
    boolean register(SessionActor actor) {
        return !ended.contains(actor.token()) && sessions.putIfAbsent(actor.token(), actor) == null;
    }

    /** The session ended: remember its token, drop it and free its slot. */
    void ended(SessionActor actor) {
        ended.remember(actor.token());
        if (sessions.remove(actor.token(), actor)) {
            release();
        }
    }

    SessionActor session(SessionToken token) {
        return sessions.get(token);
    }

    boolean endedRecently(SessionToken token) {
        return ended.contains(token);
    }

    Collection<SessionActor> sessions() {
        return List.copyOf(sessions.values());
    }

    void addMember(UserToken userToken, SessionActor actor) {
        members.put(userToken, actor);
    }

    void removeMember(UserToken userToken, SessionActor actor) {
        members.remove(userToken, actor);
    }

    SessionActor member(UserToken userToken) {
        return members.get(userToken);
    }

    /** userTokens mapped, for tests and diagnostics. */
    int memberCount() {
        return members.size();
    }
}
