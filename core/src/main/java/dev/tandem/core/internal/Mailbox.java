package dev.tandem.core.internal;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.util.concurrent.Queues;

/**
 * The mailbox of a single-writer actor: any thread may {@link #offer} a message; the thread that finds the actor
 * idle drains the mailbox itself (no thread hop), one message at a time, in arrival order. Lock-free (a
 * multi-producer queue and a work-in-progress counter) and never blocking. The co-browse session actor and the
 * chat actor both run on one.
 *
 * <p>The handler runs confined: never on two threads at once, and each run happens-before the next. It should
 * not throw; if it does (an {@link Error} included), the error is logged and the mailbox goes on with the next message.
 *
 * @param <T> the messages
 */
public final class Mailbox<T> {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final Queue<T> queue = Queues.<T>unboundedMultiproducer().get();
    private final AtomicInteger wip = new AtomicInteger();
    private final String owner;
    private final Consumer<? super T> handler;

    /**
     * @param owner   names the actor in log lines
     * @param handler processes one message
     */
    public Mailbox(String owner, Consumer<? super T> handler) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** Enqueues {@code message}; drains on this thread when the actor is idle. Never blocks. */
    public void offer(T message) {
        queue.offer(message);
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            T next;
            while ((next = queue.poll()) != null) {
                try {
                    handler.accept(next);
                } catch (RuntimeException | Error e) {
                    // An Error too (an allocation that failed, a stack overflow): thrown on, it would leave the work
                    // counter up, and the actor would never run again — every later message queued for nothing.
                    log.error("{} failed to process {}; it goes on with the next message", owner,
                            next.getClass().getSimpleName(), e);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }
}
