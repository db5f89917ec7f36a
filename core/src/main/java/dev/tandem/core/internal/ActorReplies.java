package dev.tandem.core.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * What the session and chat actors do alike at their edges: answer a caller's {@link MonoSink} (a caller that
 * throws while taking its answer must not stop the actor's drain) and schedule a timer command (a scheduler that
 * refuses leaves the timer unset, logged). {@code kind} and {@code id} name the actor in the log ("Session",
 * its token; "Chat", its id); they are only formatted when something is logged.
 */
public final class ActorReplies {
    private ActorReplies() {
    }

    /** Completes {@code reply} (if any) with {@code value}, or empty when it is null. */
    public static void succeed(MonoSink<Object> reply, Object value, Logger log, String kind, Object id) {
        if (reply == null) {
            return;
        }
        try {
            if (value == null) {
                reply.success();
            } else {
                reply.success(value);
            }
        } catch (RuntimeException e) {
            log.warn("{} {}: the caller failed to take its answer", kind, id, e);
        }
    }

    /** Fails {@code reply} (if any) with {@code error}. */
    public static void fail(MonoSink<Object> reply, Throwable error, Logger log, String kind, Object id) {
        if (reply == null) {
            return;
        }
        try {
            reply.error(error);
        } catch (RuntimeException e) {
            log.warn("{} {}: the caller failed to take its error", kind, id, e);
        }
    }

    /** Runs {@code task} after {@code delay}; when the scheduler refuses, logs it and returns a disposed handle. */
    public static Disposable schedule(Scheduler scheduler, Runnable task, Duration delay, Object what,
                                      Logger log, String kind, Object id) {
        try {
            return scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            log.error("{} {}: could not schedule {}; it will not fire", kind, id, what, e);
            return Disposables.disposed();
        }
    }
}
