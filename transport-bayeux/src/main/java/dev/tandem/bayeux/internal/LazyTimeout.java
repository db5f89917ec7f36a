package dev.tandem.bayeux.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * A timeout that costs nothing when the source is done at once. {@link #of} subscribes to the source right
 * away: a value (or error) that is there when the subscription returns is handed on as a plain
 * {@code Mono.just}/{@code Mono.error}; only a source still pending gets a timer on the scheduler, which fails
 * it with {@link TimeoutException} and cancels it. Reactor's {@code timeout} operator instead arms and
 * cancels a {@code Mono.delay} and names the whole chain for its message on every subscription, which showed
 * in the profile of every request. Call it where the source may be subscribed to at once (inside a
 * {@code Mono.defer} or a handler).
 */
final class LazyTimeout<T> implements CoreSubscriber<T>, Runnable {
    private Subscription upstream;
    private T value;
    private Throwable error;
    private boolean done;
    private MonoSink<T> sink;
    private Disposable timer;

    private LazyTimeout() {
    }

    static <T> Mono<T> of(Mono<T> source, long timeoutMs, Scheduler scheduler) {
        LazyTimeout<T> t = new LazyTimeout<>();
        source.subscribe(t);
        synchronized (t) {
            if (t.done) {
                return t.error != null ? Mono.error(t.error) : Mono.justOrEmpty(t.value);
            }
        }
        return Mono.create(s -> t.await(s, timeoutMs, scheduler));
    }

    @Override
    public void onSubscribe(Subscription s) {
        synchronized (this) {
            upstream = s;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T t) {
        synchronized (this) {
            if (value == null) {
                value = t;
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        finish(t);
    }

    @Override
    public void onComplete() {
        finish(null);
    }

    /** The timeout passed. */
    @Override
    public void run() {
        Subscription s;
        synchronized (this) {
            s = upstream;
        }
        if (finish(new TimeoutException("no answer within the timeout")) && s != null) {
            s.cancel();
        }
    }

    private boolean finish(Throwable e) {
        MonoSink<T> s;
        Disposable t;
        T v;
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
            error = e;
            v = value;
            s = sink;
            t = timer;
        }
        if (t != null) {
            t.dispose();
        }
        if (s != null) {
            if (e != null) {
                s.error(e);
            } else {
                s.success(v);
            }
        }
        return true;
    }

    private void await(MonoSink<T> s, long timeoutMs, Scheduler scheduler) {
        boolean now;
        synchronized (this) {
            now = done;
            if (!now) {
                sink = s;
                timer = scheduler.schedule(this, timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        if (now) {
            if (error != null) {
                s.error(error);
            } else {
                s.success(value);
            }
            return;
        }
        s.onCancel(this::cancel);
    }

    private void cancel() {
        Subscription u;
        Disposable t;
        synchronized (this) {
            if (done) {
                return;
            }
            done = true;
            u = upstream;
            t = timer;
        }
        if (t != null) {
            t.dispose();
        }
        if (u != null) {
            u.cancel();
        }
    }
}
