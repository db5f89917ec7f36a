package dev.tandem.bench.jmh;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The value of a {@link Mono} that completes while it is subscribed to — what the session engine does when
 * its actor is free, the path the benchmarks measure. Fails loudly if the Mono goes asynchronous instead of
 * waiting for it.
 */
final class Now<T> implements CoreSubscriber<T> {
    private T value;
    private Throwable error;
    private boolean done;

    private Now() {
    }

    static <T> T of(Mono<T> mono) {
        Now<T> now = new Now<>();
        mono.subscribe(now);
        if (!now.done) {
            throw new IllegalStateException("The engine answered asynchronously; these benchmarks measure its synchronous path");
        }
        if (now.error != null) {
            throw new IllegalStateException("The engine refused the command: " + now.error, now.error);
        }
        return now.value;
    }

    @Override
    public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(T t) {
        value = t;
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        done = true;
    }

    @Override
    public void onComplete() {
        done = true;
    }
}
