package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.RemovalReason;
import java.util.List;
import reactor.core.publisher.Mono;

/** {@code /meta/disconnect}: removes the client (its held connect is answered with advice {@code none}). */
final class DisconnectHandler implements MessageHandler {
    private final BayeuxContext ctx;
    private final Replies replies;

    DisconnectHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        ctx.clients.remove(client, RemovalReason.DISCONNECTED);
        return Mono.just(replies.one(in, Replies.success(in.message())));
    }
}
