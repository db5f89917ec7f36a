package dev.tandem.core.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.CreatedSession;
import dev.tandem.core.EndReason;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.JoinRequest;
import dev.tandem.core.JoinResult;
import dev.tandem.core.LiveSession;
import dev.tandem.core.Member;
import dev.tandem.core.Role;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.SessionOptions;
import dev.tandem.core.SessionTimes;
import dev.tandem.core.SessionToken;
import dev.tandem.core.TandemException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.core.WrongRoleException;
import dev.tandem.core.internal.SessionEvent.ChunkStreamed;
import dev.tandem.core.internal.SessionEvent.ControlSent;
import dev.tandem.core.internal.SessionEvent.MemberJoined;
import dev.tandem.core.internal.SessionEvent.MemberLeft;
import dev.tandem.core.internal.SessionEvent.MemberOffline;
import dev.tandem.core.internal.SessionEvent.MemberResumed;
import dev.tandem.core.internal.SessionEvent.PageEntered;
import dev.tandem.core.internal.SessionEvent.ReplayRequested;
import dev.tandem.core.internal.SessionEvent.SessionActivated;
import dev.tandem.core.internal.SessionEvent.SessionCreated;
import dev.tandem.core.internal.SessionEvent.SessionDeactivated;
import dev.tandem.core.internal.SessionState.MemberState;
import dev.tandem.core.internal.SessionState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code decide(command, state, now) → decision}: the session's rules, pure. The same command, state and
 * time always give an equal decision; nothing here reads a clock, draws a random number or touches
 * anything outside its arguments.
 */
final class Decider {
    private final SessionOptions options;

    Decider(SessionOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    Decision decide(Command command, SessionState state, long now) {
        // Page-stream batches first: they are by far the most frequent command.
        if (command instanceof Command.Stream c) {
            return stream(c, state);
        }
        if (command instanceof Command.Control c) {
            return control(c, state);
        }
        if (command instanceof Command.Resync c) {
            return resync(c, state);
        }
        if (command instanceof Command.Join c) {
            return join(c, state, now);
        }
        if (command instanceof Command.ReportPage c) {
            return reportPage(c, state, now);
        }
        if (command instanceof Command.Disconnect c) {
            return disconnect(c, state);
        }
        if (command instanceof Command.Exit c) {
            return exit(c, state, now);
        }
        if (command instanceof Command.Stop c) {
            return stop(c, state, now);
        }
        if (command instanceof Command.Find) {
            return Decision.accept(List.of(), state.isOpen() ? liveSession(state) : null);
        }
        if (command instanceof Command.Create) {
            return create(state, now);
        }
        if (command instanceof Command.Shutdown) {
            return state.isOpen() ? deactivate(now, EndReason.SHUTDOWN, null) : Decision.nothing();
        }
        if (command instanceof Command.MasterTimeout c) {
            boolean stillAway = state.isOpen() && c.epoch() == state.masterOfflineEpoch()
                    && state.master().map(m -> !m.online()).orElse(false);
            return stillAway ? deactivate(now, EndReason.MASTER_TIMEOUT, null) : Decision.nothing();
        }
        if (command instanceof Command.InactivityTimeout) {
            return state.phase() == Phase.CREATED ? deactivate(now, EndReason.INACTIVITY_TIMEOUT, null) : Decision.nothing();
        }
        throw new IllegalArgumentException("Unknown command " + command);
    }

    private static Decision create(SessionState state, long now) {
        if (state.phase() != Phase.PENDING) {
            return Decision.reject(new TandemException("Session " + state.token() + " was already created"));
        }
        return Decision.accept(List.of(new SessionCreated(now)),
                new CreatedSession(state.token(), state.historyId(), now));
    }

    private Decision join(Command.Join c, SessionState state, long now) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent()) {
            return Decision.reject(closed.get());
        }
        JoinRequest request = c.request();
        if (request.resume().isPresent()) {
            return resume(request, state);
        }
        if (state.members().size() >= options.maxMembers()) {
            return Decision.reject(new CapacityException("Session " + state.token() + " is full ("
                    + options.maxMembers() + " members); ask a member to leave, then join again"));
        }
        Role role = request.role();
        if (role == Role.MASTER && state.has(Role.MASTER)) {
            return Decision.reject(new WrongRoleException("Session " + state.token()
                    + " already has a master; join as slave (2) or controller (3)"));
        }
        Member member = new Member(state.nextUserId(), role,
                role == Role.CONTROLLER ? Optional.empty() : request.name());
        List<SessionEvent> events = new ArrayList<>(3);
        events.add(new MemberJoined(member, c.newToken()));
        boolean masterPresent = role == Role.MASTER || state.has(Role.MASTER);
        boolean slavePresent = role == Role.SLAVE || state.has(Role.SLAVE);
        if (state.phase() == Phase.CREATED && masterPresent && slavePresent) {
            events.add(new SessionActivated(now));
        }
        if (isAgent(role)) {
            // Last, so that the joiner has its reply and its Activated before the page.
            events.add(new ReplayRequested(member.userId()));
        }
        return Decision.accept(events,
                new JoinResult(c.newToken(), member.userId(), state.publicMembers(), state.historyId()));
    }

    private static Decision resume(JoinRequest request, SessionState state) {
        UserToken userToken = request.resume().orElseThrow();
        Optional<MemberState> found = state.member(userToken);
        if (found.isEmpty()) {
            return Decision.reject(new InvalidRequestException("This userToken is not a member of session "
                    + state.token() + "; join without resume to become a new member"));
        }
        MemberState member = found.get();
        if (member.role() != request.role()) {
            return Decision.reject(new WrongRoleException("This userToken joined session " + state.token()
                    + " as " + roleName(member.role()) + "; resume with role " + member.role().code()));
        }
        List<SessionEvent> events = isAgent(member.role())
                ? List.of(new MemberResumed(member.userId()), new ReplayRequested(member.userId()))
                : List.of(new MemberResumed(member.userId()));
        return Decision.accept(events,
                new JoinResult(userToken, member.userId(), state.membersExcept(member.userId()), state.historyId()));
    }

    private static Decision exit(Command.Exit c, SessionState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.userToken());
        if (refused.isPresent()) {
            return Decision.reject(refused.get());
        }
        MemberState member = state.member(c.userToken()).orElseThrow();
        SessionEvent left = new MemberLeft(member.userId());
        return member.role() == Role.MASTER ? deactivate(now, EndReason.MASTER_EXITED, left) : Decision.accept(List.of(left), null);
    }

    private static Decision stop(Command.Stop c, SessionState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.userToken());
        if (refused.isPresent()) {
            return Decision.reject(refused.get());
        }
        Role role = state.member(c.userToken()).orElseThrow().role();
        if (role != Role.CONTROLLER) {
            return Decision.reject(new WrongRoleException("Only a controller may stop a session; this userToken"
                    + " belongs to the " + roleName(role)));
        }
        return Decision.accept(List.of(new SessionDeactivated(now, EndReason.STOPPED)),
                new SessionTimes(state.activationTime(), now));
    }

    private static Decision disconnect(Command.Disconnect c, SessionState state) {
        if (!state.isOpen()) {
            return Decision.nothing();
        }
        return state.member(c.userToken())
                .filter(MemberState::online)
                .map(m -> Decision.accept(List.of(new MemberOffline(m.userId())), null))
                .orElseGet(Decision::nothing);
    }

    private Decision reportPage(Command.ReportPage c, SessionState state, long now) {
        Optional<TandemException> refused = closedOrNotMember(state, c.userToken());
        if (refused.isPresent()) {
            return Decision.reject(refused.get());
        }
        Role role = state.member(c.userToken()).orElseThrow().role();
        if (role != Role.MASTER) {
            return Decision.reject(new WrongRoleException("Only the master reports pages; this userToken belongs to the "
                    + roleName(role)));
        }
        Optional<String> invalid = invalidUrl(c.url());
        if (invalid.isPresent()) {
            return Decision.reject(new InvalidRequestException(invalid.get()));
        }
        if (state.pageCount() >= options.maxPages()) {
            return Decision.reject(new CapacityException("Session " + state.token() + " has recorded its "
                    + options.maxPages() + " pages; further pages are not recorded"));
        }
        return Decision.accept(List.of(new PageEntered(state.pageCount(), c.url(), now)), null);
    }

    private Decision stream(Command.Stream c, SessionState state) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent()) {
            return Decision.reject(closed.get());
        }
        MemberState member = state.member(c.userToken()).orElse(null);
        if (member == null) {
            return Decision.reject(unknownUser());
        }
        if (member.role() != Role.MASTER) {
            return Decision.reject(new WrongRoleException("Only the master publishes the page stream; this userToken"
                    + " belongs to the " + roleName(member.role())));
        }
        if (c.chunk().size() > options.maxStreamChunkBytes()) {
            return Decision.reject(new InvalidRequestException("A page-stream batch of " + c.chunk().size()
                    + " bytes exceeds the limit of " + options.maxStreamChunkBytes() + " bytes; send smaller batches"));
        }
        return Decision.accept(List.of(new ChunkStreamed(c.chunk())), null);
    }

    private Decision control(Command.Control c, SessionState state) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent()) {
            return Decision.reject(closed.get());
        }
        MemberState member = state.member(c.userToken()).orElse(null);
        if (member == null) {
            return Decision.reject(unknownUser());
        }
        if (c.size() > options.maxControlBytes()) {
            return Decision.reject(new InvalidRequestException("A control message of " + c.size()
                    + " bytes exceeds the limit of " + options.maxControlBytes() + " bytes; send a smaller message"));
        }
        return Decision.accept(List.of(new ControlSent(member.userId(), member.role(), c.payload())), null);
    }

    private static Decision resync(Command.Resync c, SessionState state) {
        Optional<TandemException> refused = closedOrNotMember(state, c.userToken());
        if (refused.isPresent()) {
            return Decision.reject(refused.get());
        }
        MemberState member = state.member(c.userToken()).orElseThrow();
        if (!isAgent(member.role())) {
            return Decision.reject(new WrongRoleException("Only a slave or a controller resyncs the page; the master"
                    + " sends a new snapshot instead"));
        }
        return Decision.accept(List.of(new ReplayRequested(member.userId())), null);
    }

    /** Slaves and controllers: the members that receive the page stream. */
    static boolean isAgent(Role role) {
        return role != Role.MASTER;
    }

    /** Why {@code url} is refused, or empty when it is an acceptable page URL. */
    Optional<String> invalidUrl(String url) {
        if (url == null || url.isEmpty()) {
            return Optional.of("The page URL is missing; report the page's absolute http(s) URL");
        }
        if (url.length() > options.maxUrlLength()) {
            return Optional.of("The page URL is longer than " + options.maxUrlLength() + " characters");
        }
        String lower = url.substring(0, Math.min(url.length(), 8)).toLowerCase(Locale.ROOT);
        int hostStart = lower.startsWith("https://") ? 8 : lower.startsWith("http://") ? 7 : -1;
        if (hostStart < 0) {
            return Optional.of("The page URL must start with http:// or https://");
        }
        if (hostStart >= url.length() || "/?#".indexOf(url.charAt(hostStart)) >= 0) {
            return Optional.of("The page URL has no host");
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isISOControl(url.charAt(i))) {
                return Optional.of("The page URL contains a control character at index " + i);
            }
        }
        return Optional.empty();
    }

    private static Decision deactivate(long now, EndReason reason, SessionEvent before) {
        SessionEvent end = new SessionDeactivated(now, reason);
        return Decision.accept(before == null ? List.of(end) : List.of(before, end), null);
    }

    private static LiveSession liveSession(SessionState state) {
        return new LiveSession(state.token(), state.historyId(), state.creationTime(), state.activationTime(),
                state.publicMembers());
    }

    private static Optional<TandemException> closed(SessionState state) {
        if (state.phase() == Phase.PENDING) {
            return Optional.of(unknownSession(state.token()));
        }
        if (state.phase() == Phase.ENDED) {
            return Optional.of(ended(state.token()));
        }
        return Optional.empty();
    }

    private static Optional<TandemException> closedOrNotMember(SessionState state, UserToken userToken) {
        Optional<TandemException> closed = closed(state);
        if (closed.isPresent() || state.member(userToken).isPresent()) {
            return closed;
        }
        return Optional.of(unknownUser());
    }

    static UnknownSessionException unknownSession(SessionToken token) {
        return new UnknownSessionException("No live session has token " + token
                + "; check the 9 digits or ask the customer for a new token");
    }

    static SessionEndedException ended(SessionToken token) {
        return new SessionEndedException("Session " + token
                + " has ended; ask the customer to start a new co-browse session");
    }

    static UnknownSessionException unknownUser() {
        return new UnknownSessionException("No live session has a member with this userToken;"
                + " the session may have ended or the member left; join again");
    }

    private static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
