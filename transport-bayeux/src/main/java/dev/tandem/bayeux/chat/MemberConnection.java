package dev.tandem.bayeux.chat;

import dev.tandem.bayeux.ServerSession;
import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatNotification;
import dev.tandem.core.chat.ChatParticipant;

/**
 * One chat member on one Bayeux client, as the engine sees it: renders the engine's notifications on
 * {@code /service/chat/event} and queues them on the client (bounded; never blocks). An agent's client holds one
 * per chat it is in. When the chat's end reaches it, it forgets its token binding.
 */
final class MemberConnection implements ChatParticipant {
    private final ServerSession session;
    private final ChatConnections connections;
    // Set when the engine's answer is bound, which happens before any notification of a later command.
    private volatile UserToken token;

    MemberConnection(ServerSession session, ChatConnections connections) {
        this.session = session;
        this.connections = connections;
    }

    /** The member's token, once the engine gave (or confirmed) it and the client holds it. */
    void bound(UserToken value) {
        this.token = value;
    }

    @Override
    public void deliver(ChatNotification notification) {
        session.deliver(ChatServices.EVENT, ChatJson.event(notification));
        UserToken t = token;
        if (notification instanceof ChatNotification.Ended && t != null) {
            connections.unbind(t, this);
        }
    }
}
