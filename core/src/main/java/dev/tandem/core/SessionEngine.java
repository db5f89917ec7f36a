package dev.tandem.core;

import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The co-browse session engine: one actor per session token. Commands for one session run one at a
 * time, in order, without locks on the hot path and without blocking the caller's thread.
 *
 * <p>Ordering contract: the {@link Mono} a command returns is completed <em>before</em> the
 * notifications that command causes are handed to {@link Participant#deliver}. A transport that
 * subscribes without a thread hop therefore queues its reply before any notification the command
 * produced (e.g. the joiner's join reply before its {@code activated}).
 *
 * <p>Errors are {@link TandemException} subclasses on the error channel: {@link UnknownSessionException},
 * {@link SessionEndedException}, {@link WrongRoleException}, {@link InvalidRequestException},
 * {@link CapacityException}, and {@link ShuttingDownException} for creates and joins once {@link #shutdown()} began.
 *
 * <p>Create one with {@link #builder()}.
 */
public interface SessionEngine {

    static SessionEngineBuilder builder() {
        return new SessionEngineBuilder();
    }

    /** Creates a session with a fresh token unique among live sessions; logs {@code Session created. Token: {} Id: {}}. */
    Mono<CreatedSession> create();

    /**
     * Joins {@code participant} to a session. A second master is refused ({@link WrongRoleException});
     * a deactivated session refuses joins ({@link SessionEndedException}). With {@link JoinRequest#resume()}
     * the member identified by that userToken comes back: same userId, {@code participant} replaces the
     * old one, a master's offline timer is cancelled, and nobody is told "joined" again.
     */
    Mono<JoinResult> join(JoinRequest request, Participant participant);

    /** The member leaves explicitly. A master's exit deactivates the session ({@link EndReason#MASTER_EXITED}). */
    Mono<Void> exit(UserToken userToken);

    /** Deactivates the session; for a controller's userToken only ({@link WrongRoleException} otherwise). */
    Mono<SessionTimes> stop(UserToken userToken);

    /**
     * The member's transport connection is gone (its Bayeux client was removed). For a master this starts
     * the {@link SessionOptions#maxInterval()} timer; other members are simply marked offline. Unknown
     * tokens are ignored. Returns at once.
     */
    void disconnected(UserToken userToken);

    /**
     * Records that the master entered a page. The server's clock stamps the visit; only a master may
     * report, with an http(s) URL of at most {@link SessionOptions#maxUrlLength()} characters.
     */
    Mono<Void> reportPage(UserToken userToken, String url);

    /**
     * The master publishes a batch of its page stream. The engine appends it to the session's log (a
     * snapshot restarts the log) and delivers it to every agent as {@link Notification.Stream}. Only the
     * master may publish ({@link WrongRoleException}); a chunk over {@link SessionOptions#maxStreamChunkBytes()}
     * is refused ({@link InvalidRequestException}). When the log outgrows
     * {@link SessionOptions#maxStreamLogBytes()} the master is sent {@link Notification.SnapshotRequested}
     * and increments are still relayed live but no longer logged until the new snapshot arrives.
     */
    Mono<Void> stream(UserToken master, StreamChunk chunk);

    /**
     * Relays a control message: from an agent (slave or controller) to the master, or from the master to
     * every agent, as {@link Notification.Control}. {@code size} counts against
     * {@link SessionOptions#maxControlBytes()}.
     */
    Mono<Void> control(UserToken from, Object payload, int size);

    /**
     * An agent asks for the page again: the session's log is delivered to it as replayed
     * {@link Notification.Stream}s (or, with no log yet, the master is asked for a snapshot).
     */
    Mono<Void> resync(UserToken agent);

    /** The live session with this token, if any. */
    Mono<LiveSession> find(SessionToken token);

    /** The token of the live session this userToken belongs to, if any (no actor round-trip). */
    Optional<SessionToken> sessionOf(UserToken userToken);

    /** Number of live (not yet deactivated) sessions on this node. */
    int liveSessions();

    /** Bytes the page-stream logs of this node's sessions keep, within {@link SessionOptions#maxStreamLogTotalBytes()}. */
    long streamLogBytes();

    /** Page-stream batches not logged because the node's log budget was full (their logs were dropped). */
    long streamChunksShed();

    /**
     * Deactivates every live session with {@link EndReason#SHUTDOWN}, notifying their members, and
     * completes when all have been processed. New creates and joins are refused from the start of it.
     */
    Mono<Void> shutdown();
}
