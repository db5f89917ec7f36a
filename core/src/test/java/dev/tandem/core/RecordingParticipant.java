package dev.tandem.core;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A participant that records what it is told; optionally also writes "name:Kind" into a shared log. */
public final class RecordingParticipant implements Participant {
    private final String name;
    private final Queue<String> sharedLog;
    private final Queue<Notification> received = new ConcurrentLinkedQueue<>();

    public RecordingParticipant() {
        this("participant", null);
    }

    public RecordingParticipant(String name, Queue<String> sharedLog) {
        this.name = name;
        this.sharedLog = sharedLog;
    }

    @Override
    public void deliver(Notification notification) {
        received.add(notification);
        if (sharedLog != null) {
            sharedLog.add(name + ":" + describe(notification));
        }
    }

    /** Everything received so far, in order. */
    public List<Notification> received() {
        return List.copyOf(received);
    }

    public <T extends Notification> List<T> received(Class<T> kind) {
        return received.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The sequence numbers of the page-stream batches received, live or replayed as asked, in order. */
    public List<Long> streamed(boolean replay) {
        return received(Notification.Stream.class).stream().filter(s -> s.replay() == replay)
                .map(s -> s.chunk().seq()).toList();
    }

    static String describe(Notification n) {
        if (n instanceof Notification.Stream s) {
            return "Stream(" + s.chunk().seq() + (s.replay() ? ",replay)" : ")");
        }
        if (n instanceof Notification.Control c) {
            return "Control(" + c.from() + ")";
        }
        if (n instanceof Notification.UserJoined j) {
            return "UserJoined(" + j.member().userId() + ")";
        }
        if (n instanceof Notification.Deactivated d) {
            return "Deactivated(" + d.reason() + ")";
        }
        return n.getClass().getSimpleName();
    }
}
