package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.ServiceHandler;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Messages to {@code /service/**}: never broadcast; the channel's {@link ServiceHandler} answers and the reply
 * goes to the sender only, on the same channel, with the request's {@code id}, {@code successful} and
 * {@code data} (so that both {@code remoteCall()} and channel listeners of the official clients get it),
 * followed by the publish reply ({@code id}, {@code successful}, no {@code data}).
 *
 * <p>Most services answer while they are subscribed to (the page stream, joins, exits: the engine's actor
 * runs on the caller's thread when it is free). Such an answer is returned as a plain value, with no timer;
 * only an answer still pending after the subscription gets a {@code serviceTimeout} timer ({@code 504}).
 */
final class ServiceChannelHandler implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceChannelHandler.class);

    private final BayeuxContext ctx;
    private final Replies replies;

    ServiceChannelHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        BayeuxMessage m = in.message();
        ServiceHandler handler = ctx.services.get(m.channel());
        if (handler == null) {
            return Mono.just(render(in, ServiceReply.error(BayeuxError.NOT_FOUND, "No service answers on " + m.channel())));
        }
        Publisher<ServiceReply> reply;
        try {
            reply = handler.handle(new ServiceRequest(client, m));
        } catch (RuntimeException e) {
            return Mono.just(render(in, failure(m, e)));
        }
        if (reply == null) {
            return Mono.just(render(in, failure(m, new NullPointerException("The service returned null instead of a Mono"))));
        }
        Call call = new Call(this, in);
        reply.subscribe(call);
        List<Encoded> now = call.answerIfDone();
        return now != null ? Mono.just(now) : Mono.create(call::await);
    }

    /**
     * The service's answer (with {@code data}), then, as CometD servers do, the publish reply (the same
     * {@code id}, {@code successful}, no {@code data}). The official JS client's WebSocket transport clears
     * its per-message network timeout only on a reply without {@code data}; without one it closes the
     * WebSocket {@code maxNetworkDelay} after every remote call ("Message Timeout") and fails whatever is in
     * flight on it.
     */
    private List<Encoded> render(Inbound in, ServiceReply r) {
        BayeuxMessage m = in.message();
        BayeuxMessage.Builder b = r.successful()
                ? Replies.success(m)
                : Replies.failure(m, r.error().orElseThrow(), r.message());
        Encoded answer = replies.encode(in, b.data(r.data()));
        return m.id() == null ? List.of(answer) : List.of(answer, replies.encode(in, Replies.success(m)));
    }

    private static ServiceReply failure(BayeuxMessage m, Throwable e) {
        LOG.warn("Service on {} failed", m.channel(), e);
        return ServiceReply.error(BayeuxError.INTERNAL_ERROR, "The service on " + m.channel() + " failed unexpectedly");
    }

    private static ServiceReply timedOut(BayeuxMessage m) {
        return ServiceReply.error(BayeuxError.TIMEOUT, "The service on " + m.channel() + " did not answer in time; retry later");
    }

    /**
     * One service call: the handler's reply (empty = ok, error = 500), and, when it is not there once the
     * handler is subscribed to, the sink waiting for it and the timeout. Guarded by {@code this}.
     */
    private static final class Call implements CoreSubscriber<ServiceReply>, Runnable {
        private final ServiceChannelHandler owner;
        private final Inbound in;
        private Subscription upstream;
        private ServiceReply value;
        private ServiceReply result;
        private MonoSink<List<Encoded>> sink;
        private Disposable timer;
        private boolean done;

        Call(ServiceChannelHandler owner, Inbound in) {
            this.owner = owner;
            this.in = in;
        }

        @Override
        public void onSubscribe(Subscription s) {
            synchronized (this) {
                upstream = s;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ServiceReply r) {
            synchronized (this) {
                if (value == null) {
                    value = r;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            finish(failure(in.message(), t));
        }

        @Override
        public void onComplete() {
            ServiceReply r;
            synchronized (this) {
                r = value != null ? value : ServiceReply.ok();
            }
            finish(r);
        }

        /** The timeout passed. */
        @Override
        public void run() {
            Subscription s;
            synchronized (this) {
                s = upstream;
            }
            if (finish(timedOut(in.message())) && s != null) {
                s.cancel();
            }
        }

        /** Records the result (once) and answers the waiting sink, if any; true when this call set it. */
        private boolean finish(ServiceReply r) {
            MonoSink<List<Encoded>> s;
            Disposable t;
            synchronized (this) {
                if (done) {
                    return false;
                }
                done = true;
                result = r;
                s = sink;
                t = timer;
            }
            if (t != null) {
                t.dispose();
            }
            if (s != null) {
                s.success(owner.render(in, r));
            }
            return true;
        }

        /** Right after the subscription: the rendered answer when the service already gave it, else null. */
        List<Encoded> answerIfDone() {
            ServiceReply r;
            synchronized (this) {
                r = done ? result : null;
            }
            return r == null ? null : owner.render(in, r);
        }

        /** The answer is not there yet: wait for it, for at most {@code serviceTimeout}. */
        void await(MonoSink<List<Encoded>> s) {
            ServiceReply r;
            synchronized (this) {
                if (done) {
                    r = result;
                } else {
                    r = null;
                    sink = s;
                    timer = owner.ctx.scheduler.schedule(this, owner.ctx.options.serviceTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            if (r != null) {
                s.success(owner.render(in, r));
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
}
