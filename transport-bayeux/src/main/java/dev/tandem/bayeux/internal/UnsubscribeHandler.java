package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/** {@code /meta/unsubscribe}: drops a subscription (unknown ones succeed too). */
final class UnsubscribeHandler implements MessageHandler {
    private final BayeuxContext ctx;
    private final Replies replies;

    UnsubscribeHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        BayeuxMessage m = in.message();
        String s = m.subscription();
        List<Encoded> invalid = SubscribeHandler.check(replies, in, s, BayeuxError.BAD_REQUEST);
        if (invalid != null) {
            return Mono.just(invalid);
        }
        ctx.subscriptions.unsubscribe(s, client);
        return Mono.just(replies.one(in, Replies.success(m).subscription(s)));
    }
}
