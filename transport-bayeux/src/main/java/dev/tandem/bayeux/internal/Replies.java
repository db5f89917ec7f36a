package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;

/** Builds and encodes replies: echoing {@code id} and channel, adding timesync when the request asked. */
final class Replies {
    /** The channel of replies to messages whose own channel could not be read. */
    static final String UNSUCCESSFUL = "/meta/unsuccessful";

    private final BayeuxContext ctx;

    Replies(BayeuxContext ctx) {
        this.ctx = ctx;
    }

    /** A successful reply to {@code request}. */
    static BayeuxMessage.Builder success(BayeuxMessage request) {
        return BayeuxMessage.builder(request.channel()).id(request.id()).successful(true);
    }

    /** A failed reply to {@code request}: {@code error} is {@code code::message}. */
    static BayeuxMessage.Builder failure(BayeuxMessage request, BayeuxError error, String message) {
        return BayeuxMessage.builder(request.channel()).id(request.id()).successful(false).error(error.wire(message));
    }

    static ObjectNode advice(String reconnect, long interval) {
        return JsonNodeFactory.instance.objectNode().put("reconnect", reconnect).put("interval", interval);
    }

    /** The advice that makes CometD clients handshake again. */
    static ObjectNode handshakeAdvice() {
        return advice("handshake", 0);
    }

    /** Encodes {@code reply}, adding {@code ext.timesync} when {@code in} carried one. */
    Encoded encode(Inbound in, BayeuxMessage.Builder reply) {
        return encode(reply, in.message().ext(), in.receivedAt());
    }

    /** Encodes {@code reply} to a request whose {@code ext} was {@code requestExt}, received at {@code receivedAt}. */
    Encoded encode(BayeuxMessage.Builder reply, ObjectNode requestExt, long receivedAt) {
        BayeuxMessage m = reply.build();
        ObjectNode ts = Timesync.reply(requestExt, receivedAt, System.currentTimeMillis());
        if (ts != null) {
            ObjectNode ext = m.ext() != null ? m.ext().deepCopy() : JsonNodeFactory.instance.objectNode();
            ext.set("timesync", ts);
            m = m.toBuilder().ext(ext).build();
        }
        return ctx.codec.encode(m);
    }

    /** {@link #encode} as a one-element list. */
    List<Encoded> one(Inbound in, BayeuxMessage.Builder reply) {
        return List.of(encode(in, reply));
    }

    /** The reply to a message that could not be decoded. */
    Encoded bad(Decoded.Bad bad) {
        BayeuxMessage.Builder b = BayeuxMessage.builder(bad.channel() != null ? bad.channel() : UNSUCCESSFUL)
                .id(bad.id()).successful(false).error(bad.error().wire(bad.detail()));
        return ctx.codec.encode(b.build());
    }

    /** A batch-level failure, as one message (WebSocket has no status code to carry it). */
    Encoded batchFailure(BayeuxError error, String detail) {
        return ctx.codec.encode(BayeuxMessage.builder(UNSUCCESSFUL).successful(false).error(error.wire(detail)).build());
    }

    /** {@code 402::Unknown client} with advice to handshake again. */
    List<Encoded> unknownClient(Inbound in) {
        return one(in, failure(in.message(), BayeuxError.UNKNOWN_CLIENT, null).advice(handshakeAdvice()));
    }
}
