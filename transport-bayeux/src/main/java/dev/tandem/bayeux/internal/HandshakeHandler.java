package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/handshake}: checks the client's connection types, negotiates {@code ack}, creates the client
 * (a fresh id of 160 random bits) and answers with the server's connection types and advice.
 */
final class HandshakeHandler implements MessageHandler {
    static final String VERSION = "1.0";

    private final BayeuxContext ctx;
    private final Replies replies;

    HandshakeHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl ignored) {
        BayeuxMessage m = in.message();
        List<String> offered = ctx.options.transports();
        if (ctx.shuttingDown) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.UNAVAILABLE, "The server is shutting down; retry later")
                    .advice(Replies.advice("handshake", ctx.options.maxInterval().toMillis()))));
        }
        if (m.supportedConnectionTypes() == null || m.supportedConnectionTypes().isEmpty()) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.BAD_REQUEST,
                    "'supportedConnectionTypes' is missing: list the transports the client can use, e.g. [\"websocket\",\"long-polling\"]")
                    .supportedConnectionTypes(offered).advice(Replies.advice("none", 0))));
        }
        if (m.supportedConnectionTypes().stream().noneMatch(offered::contains)) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.UNSUPPORTED_CONNECTION_TYPE,
                    "None of " + m.supportedConnectionTypes() + " is offered; this server speaks " + offered)
                    .supportedConnectionTypes(offered).advice(Replies.advice("none", 0))));
        }
        InboundContext ic = in.context();
        if (ic.type.isHttp() && ic.browserId == null && ic.newBrowserId == null) {
            ic.newBrowserId = ctx.clients.newId();
        }
        boolean ack = isTrue(m.ext(), "ack");
        ClientSessionImpl client = ctx.clients.create(ic.effectiveBrowserId(), ack);
        if (client == null) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.UNAVAILABLE,
                    "The server has reached its client limit; retry later")
                    .advice(Replies.advice("handshake", ctx.options.maxInterval().toMillis()))));
        }
        if (ic.link != null) {
            client.bindTo(ic.link);
            ic.link.attach(client);
        }
        ObjectNode advice = Replies.advice("retry", ctx.options.interval().toMillis())
                .put("timeout", ctx.options.timeout().toMillis())
                .put("maxInterval", ctx.options.maxInterval().toMillis());
        BayeuxMessage.Builder reply = Replies.success(m)
                .clientId(client.id())
                .version(VERSION)
                .minimumVersion(VERSION)
                .supportedConnectionTypes(offered)
                .advice(advice);
        if (ack) {
            reply.ext(JsonNodeFactory.instance.objectNode().put("ack", true));
        }
        return Mono.just(replies.one(in, reply));
    }

    private static boolean isTrue(ObjectNode ext, String field) {
        if (ext == null) {
            return false;
        }
        JsonNode n = ext.get(field);
        return n != null && n.isBoolean() && n.asBoolean();
    }
}
