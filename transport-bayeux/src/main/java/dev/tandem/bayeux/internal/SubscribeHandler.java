package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/subscribe}: subscribes to a broadcast channel or pattern ({@code *}, {@code **}); subscribing
 * to {@code /service/**} succeeds and does nothing (service messages are addressed, never broadcast), to
 * {@code /meta/**} is denied.
 */
final class SubscribeHandler implements MessageHandler {
    private final BayeuxContext ctx;
    private final Replies replies;

    SubscribeHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        BayeuxMessage m = in.message();
        String s = m.subscription();
        List<Encoded> invalid = check(replies, in, s, BayeuxError.SUBSCRIBE_DENIED);
        if (invalid != null) {
            return Mono.just(invalid);
        }
        if (!Channels.isService(s)) {
            ctx.subscriptions.subscribe(s, client);
        }
        return Mono.just(replies.one(in, Replies.success(m).subscription(s)));
    }

    /** The error reply for a missing, malformed or meta subscription, or null when it is usable. */
    static List<Encoded> check(Replies replies, Inbound in, String s, BayeuxError metaDenied) {
        BayeuxMessage m = in.message();
        if (s == null) {
            return replies.one(in, Replies.failure(m, BayeuxError.BAD_REQUEST, "'subscription' is missing"));
        }
        if (!Channels.isValid(s)) {
            return replies.one(in, Replies.failure(m, BayeuxError.BAD_REQUEST, "'" + abbreviate(s)
                    + "' is not a channel: use /segment/segment, with * or ** as the last segment only").subscription(s));
        }
        if (Channels.isMeta(s)) {
            return replies.one(in, Replies.failure(m, metaDenied, "Meta channels cannot be subscribed to").subscription(s));
        }
        return null;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}
