package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.ServiceHandler;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.bayeux.ServiceRequest;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Messages to {@code /service/**}: never broadcast; the channel's {@link ServiceHandler} answers and the reply
 * goes to the sender only, on the same channel, with the request's {@code id}, {@code successful} and
 * {@code data} (so that both {@code remoteCall()} and channel listeners of the official clients get it).
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
        Mono<ServiceReply> reply;
        try {
            reply = handler.handle(new ServiceRequest(client, m));
        } catch (RuntimeException e) {
            reply = Mono.error(e);
        }
        return reply
                .timeout(ctx.options.serviceTimeout(), ctx.scheduler)
                .switchIfEmpty(Mono.fromSupplier(ServiceReply::ok))
                .onErrorResume(e -> Mono.just(failure(m, e)))
                .map(r -> render(in, r));
    }

    private List<Encoded> render(Inbound in, ServiceReply r) {
        BayeuxMessage m = in.message();
        BayeuxMessage.Builder b = r.successful()
                ? Replies.success(m)
                : Replies.failure(m, r.error().orElseThrow(), r.message());
        return replies.one(in, b.data(r.data()));
    }

    private static ServiceReply failure(BayeuxMessage m, Throwable e) {
        if (e instanceof TimeoutException) {
            return ServiceReply.error(BayeuxError.TIMEOUT, "The service on " + m.channel() + " did not answer in time; retry later");
        }
        LOG.warn("Service on {} failed", m.channel(), e);
        return ServiceReply.error(BayeuxError.INTERNAL_ERROR, "The service on " + m.channel() + " failed unexpectedly");
    }
}
