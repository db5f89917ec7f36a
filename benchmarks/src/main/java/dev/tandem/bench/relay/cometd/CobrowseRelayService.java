package dev.tandem.bench.relay.cometd;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The co-browse channels on a CometD {@link BayeuxServer}, as plain channel listeners:
 * <ul>
 *   <li>{@code /service/session/create {}} → {@code {sessionToken}} (nine digits);</li>
 *   <li>{@code /service/session/join {sessionToken, role, name}} → {@code {userToken, userId, users,
 *       sessionHistoryId}}, with {@code /service/session/joined} to those already in and
 *       {@code /service/session/activated} when the first slave joins;</li>
 *   <li>{@code /service/session/stream {userToken, v, seq, snapshot?, events}} from the master →
 *       {@code {v, seq, snapshot?, events}} delivered on the same channel to each slave;</li>
 *   <li>{@code /service/session/exit {userToken}} → {@code {}}: a slave leaves; the master's exit ends the
 *       session and the others get {@code /service/session/deactivated}.</li>
 * </ul>
 * A reply rides on the publish acknowledgement CometD sends anyway (its associated message), so the
 * client gets one message with the request's {@code id} and {@code data}. A member whose CometD session
 * goes away leaves; when the master leaves, the others get {@code /service/session/deactivated}.
 */
final class CobrowseRelayService {
    static final String CREATE = "/service/session/create";
    static final String JOIN = "/service/session/join";
    static final String STREAM = "/service/session/stream";
    static final String EXIT = "/service/session/exit";
    static final String JOINED = "/service/session/joined";
    static final String ACTIVATED = "/service/session/activated";
    static final String DEACTIVATED = "/service/session/deactivated";

    private static final int MASTER = 1;
    private static final int SLAVE = 2;

    private final BayeuxServer bayeux;
    private final String streamChannel;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final LongAdder endedByExit = new LongAdder();

    private record Member(String userToken, int userId, int role, String name, ServerSession session, Room room) {
        Map<String, Object> publicView() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("userId", Integer.toString(userId));
            view.put("role", role);
            if (name != null) {
                view.put("name", name);
            }
            return view;
        }
    }

    private static final class Room {
        final String token;
        final String historyId = UUID.randomUUID().toString();
        final long creationTime = System.currentTimeMillis();
        final AtomicInteger nextUserId = new AtomicInteger();
        final List<Member> members = new CopyOnWriteArrayList<>();
        final List<Member> slaves = new CopyOnWriteArrayList<>();
        volatile long activationTime;

        Room(String token) {
            this.token = token;
        }
    }

    CobrowseRelayService(BayeuxServer bayeux, String streamChannel) {
        this.bayeux = bayeux;
        this.streamChannel = streamChannel;
    }

    void install() {
        listen(CREATE, this::create);
        listen(JOIN, this::join);
        listen(streamChannel, this::stream);
        listen(EXIT, this::exit);
    }

    private interface Handler {
        void handle(ServerSession from, ServerMessage.Mutable message);
    }

    private void listen(String channel, Handler handler) {
        bayeux.createChannelIfAbsent(channel).getReference().addListener(new ServerChannel.MessageListener() {
            @Override
            public boolean onMessage(ServerSession from, ServerChannel ch, ServerMessage.Mutable message) {
                handler.handle(from, message);
                return true;
            }
        });
    }

    private void create(ServerSession from, ServerMessage.Mutable message) {
        String token;
        Room room;
        do {
            token = String.format("%09d", random.nextInt(1_000_000_000));
            room = new Room(token);
        } while (rooms.putIfAbsent(token, room) != null);
        reply(from, message, Map.of("sessionToken", token));
    }

    private void join(ServerSession from, ServerMessage.Mutable message) {
        Map<String, Object> data = message.getDataAsMap();
        Object token = data == null ? null : data.get("sessionToken");
        Room room = token == null ? null : rooms.get(token.toString());
        if (room == null) {
            fail(from, message, "unknown sessionToken");
            return;
        }
        int role = data.get("role") instanceof Number n ? n.intValue() : SLAVE;
        Object name = data.get("name");
        Member member = new Member(UUID.randomUUID().toString(), room.nextUserId.incrementAndGet(), role,
                name == null ? null : name.toString(), from, room);
        List<Object> users = new ArrayList<>();
        for (Member other : room.members) {
            users.add(other.publicView());
        }
        room.members.add(member);
        if (role == SLAVE) {
            room.slaves.add(member);
        }
        members.put(member.userToken(), member);
        from.addListener((ServerSession.RemovedListener) (session, m, timeout) -> leave(member));

        Map<String, Object> result = new HashMap<>();
        result.put("userToken", member.userToken());
        result.put("userId", member.userId());
        result.put("users", users);
        result.put("sessionHistoryId", room.historyId);
        reply(from, message, result);

        Map<String, Object> joined = member.publicView();
        for (Member other : room.members) {
            if (other != member) {
                other.session().deliver(from, JOINED, joined, Promise.noop());
            }
        }
        if (role == SLAVE && room.activationTime == 0) {
            room.activationTime = System.currentTimeMillis();
            Map<String, Object> activated = Map.of("activationTime", room.activationTime);
            for (Member m : room.members) {
                m.session().deliver(from, ACTIVATED, activated, Promise.noop());
            }
        }
    }

    private void stream(ServerSession from, ServerMessage.Mutable message) {
        Map<String, Object> data = message.getDataAsMap();
        Object token = data == null ? null : data.get("userToken");
        Member member = token == null ? null : members.get(token.toString());
        if (member == null || member.role() != MASTER || member.session() != from) {
            fail(from, message, "only the session's master may stream");
            return;
        }
        Map<String, Object> forward = new HashMap<>(8);
        forward.put("v", data.get("v"));
        forward.put("seq", data.get("seq"));
        if (data.get("snapshot") != null) {
            forward.put("snapshot", data.get("snapshot"));
        }
        forward.put("events", data.get("events"));
        for (Member slave : member.room().slaves) {
            slave.session().deliver(from, streamChannel, forward, Promise.noop());
        }
    }

    private void exit(ServerSession from, ServerMessage.Mutable message) {
        Map<String, Object> data = message.getDataAsMap();
        Object token = data == null ? null : data.get("userToken");
        Member member = token == null ? null : members.get(token.toString());
        if (member == null || member.session() != from) {
            fail(from, message, "'userToken' is not a member of a live session on this client");
            return;
        }
        if (leave(member) && member.role() == MASTER) {
            endedByExit.increment();
        }
        reply(from, message, Map.of());
    }

    /** Returns whether this call ended the member's membership (false: it had already left). */
    private boolean leave(Member member) {
        if (members.remove(member.userToken()) == null && !member.room().members.contains(member)) {
            return false; // already gone (exit first, then the CometD session's removal)
        }
        Room room = member.room();
        room.members.remove(member);
        room.slaves.remove(member);
        if (member.role() == MASTER && rooms.remove(room.token) != null) {
            Map<String, Object> deactivated = new HashMap<>();
            deactivated.put("activationTime", room.activationTime);
            deactivated.put("deactivationTime", System.currentTimeMillis());
            for (Member other : room.members) {
                other.session().deliver(other.session(), DEACTIVATED, deactivated, Promise.noop());
                members.remove(other.userToken());
            }
        }
        return true;
    }

    private void reply(ServerSession from, ServerMessage.Mutable request, Map<String, Object> data) {
        ServerMessage.Mutable reply = request.getAssociated();
        if (reply != null) {
            reply.setSuccessful(true);
            reply.setData(data);
            return;
        }
        ServerMessage.Mutable message = bayeux.newMessage();
        message.setChannel(request.getChannel());
        message.setId(request.getId());
        message.setSuccessful(true);
        message.setData(data);
        from.deliver(from, message, Promise.noop());
    }

    private void fail(ServerSession from, ServerMessage.Mutable request, String error) {
        ServerMessage.Mutable reply = request.getAssociated();
        if (reply != null) {
            reply.setSuccessful(false);
            reply.put("error", "400::" + error);
            return;
        }
        ServerMessage.Mutable message = bayeux.newMessage();
        message.setChannel(request.getChannel());
        message.setId(request.getId());
        message.setSuccessful(false);
        message.put("error", "400::" + error);
        from.deliver(from, message, Promise.noop());
    }

    int liveSessions() {
        return rooms.size();
    }

    long sessionsEndedByExit() {
        return endedByExit.sum();
    }
}
