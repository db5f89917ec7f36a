package dev.tandem.bayeux.chat;

import dev.tandem.bayeux.ServerSession;
import dev.tandem.core.chat.QueueChange;
import dev.tandem.core.chat.QueueListener;

/** An agent's Bayeux client watching the waiting list: each change goes out on {@code /service/chat/queue}. */
final class QueueWatcher implements QueueListener {
    private final ServerSession session;

    QueueWatcher(ServerSession session) {
        this.session = session;
    }

    @Override
    public void changed(QueueChange change) {
        session.deliver(ChatServices.QUEUE, ChatJson.queueChange(change));
    }
}
