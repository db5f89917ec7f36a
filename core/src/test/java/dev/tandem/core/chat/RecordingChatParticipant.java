package dev.tandem.core.chat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A participant that records what it is told, in order. */
final class RecordingChatParticipant implements ChatParticipant {
    private final Queue<ChatNotification> received = new ConcurrentLinkedQueue<>();

    @Override
    public void deliver(ChatNotification notification) {
        received.add(notification);
    }

    List<ChatNotification> received() {
        return List.copyOf(received);
    }

    <T extends ChatNotification> List<T> received(Class<T> kind) {
        return received.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
