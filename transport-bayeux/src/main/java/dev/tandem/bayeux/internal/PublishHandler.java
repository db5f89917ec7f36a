package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Publishing to a broadcast channel: the message ({@code channel}, {@code data}) is encoded once and queued
 * for every subscriber, the publisher included when subscribed; the publisher gets a successful reply.
 */
final class PublishHandler implements MessageHandler {
    private final BayeuxContext ctx;
    private final Replies replies;

    PublishHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        BayeuxMessage m = in.message();
        if (m.data() == null) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.BAD_REQUEST, "'data' is missing: a publish carries data")));
        }
        publish(m.channel(), m);
        return Mono.just(replies.one(in, Replies.success(m)));
    }

    /** Queues {@code m}'s channel and data for every subscriber; returns how many accepted it. */
    int publish(String channel, BayeuxMessage m) {
        Encoded encoded = ctx.codec.encode(BayeuxMessage.builder(channel).data(m.data()).build());
        int n = 0;
        for (ClientSessionImpl s : ctx.subscriptions.subscribers(channel)) {
            if (s.enqueue(encoded)) {
                n++;
            }
        }
        return n;
    }
}
