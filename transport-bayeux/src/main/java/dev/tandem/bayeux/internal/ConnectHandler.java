package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * {@code /meta/connect}: processes the client's {@code ack}, then holds the connect until messages are queued,
 * the timeout passes (the client's {@code advice.timeout} within bounds, else the server's), a newer connect
 * comes or the client goes. Long-polling connects of a browser beyond {@code maxSessionsPerBrowser} are
 * answered at once with {@code multiple-clients} advice. A WebSocket connect is answered through its link.
 */
final class ConnectHandler implements MessageHandler {
    static final String CHANNEL = "/meta/connect";
    private final BayeuxContext ctx;
    private final Replies replies;

    ConnectHandler(BayeuxContext ctx, Replies replies) {
        this.ctx = ctx;
        this.replies = replies;
    }

    @Override
    public Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client) {
        BayeuxMessage m = in.message();
        InboundContext ic = in.context();
        String type = m.connectionType();
        if (type != null && !ctx.options.transports().contains(type)) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.UNSUPPORTED_CONNECTION_TYPE,
                    "connectionType '" + type + "' is not offered; this server speaks " + ctx.options.transports())));
        }
        if (m.ext() != null && m.ext().path("ack").isIntegralNumber()) {
            client.acknowledge(m.ext().get("ack").asLong());
        }
        long timeout = requestedTimeout(m);
        if (ic.type.isHttp() && !in.last()) {
            timeout = 0;
        }
        String slot = null;
        boolean multipleClients = false;
        String browser = client.browserId().orElse(null);
        if (ic.type.isHttp() && browser != null && timeout > 0) {
            if (ctx.clients.acquireBrowserSlot(browser, client.id())) {
                slot = browser;
            } else {
                multipleClients = true;
                timeout = 0;
            }
        }
        client.advisedInterval(multipleClients ? ctx.options.multiSessionInterval().toMillis() : ctx.options.interval().toMillis());
        if (ic.link != null) {
            client.hold(new HeldConnect(this, client, in, multipleClients, client.ackEnabled(), null, ic.link, null), timeout);
            return Mono.empty();
        }
        long hold = timeout;
        String browserSlot = slot;
        boolean mc = multipleClients;
        return Mono.create(sink -> {
            HeldConnect h = new HeldConnect(this, client, in, mc, true, browserSlot, null, sink);
            sink.onCancel(() -> client.abandon(h));
            client.hold(h, hold);
        });
    }

    private long requestedTimeout(BayeuxMessage m) {
        JsonNode t = m.advice() == null ? null : m.advice().get("timeout");
        if (t != null && t.isNumber()) {
            return Math.max(0, Math.min(t.asLong(), ctx.options.maxClientTimeout().toMillis()));
        }
        return ctx.options.timeout().toMillis();
    }

    /** The reply to the held connect {@code h}, released for {@code release}. */
    Encoded reply(HeldConnect h, HeldConnect.Release release, long batch) {
        BayeuxMessage.Builder b = switch (release) {
            case NORMAL -> {
                long interval = h.multipleClients ? ctx.options.multiSessionInterval().toMillis() : ctx.options.interval().toMillis();
                ObjectNode advice = Replies.advice("retry", interval)
                        .put("timeout", ctx.options.timeout().toMillis())
                        .put("maxInterval", ctx.options.maxInterval().toMillis());
                if (h.multipleClients) {
                    advice.put("multiple-clients", true);
                }
                yield BayeuxMessage.builder(CHANNEL).id(h.id).successful(true).advice(advice);
            }
            case DISCONNECTED -> BayeuxMessage.builder(CHANNEL).id(h.id).successful(true).advice(Replies.advice("none", 0));
            case OVERFLOW -> BayeuxMessage.builder(CHANNEL).id(h.id).successful(false)
                    .error(BayeuxError.QUEUE_OVERFLOW.wire("Outbound queue overflow: the client did not keep up and was disconnected; handshake again"))
                    .advice(Replies.handshakeAdvice());
            case GONE -> BayeuxMessage.builder(CHANNEL).id(h.id).successful(false).error(BayeuxError.UNKNOWN_CLIENT.wire(null))
                    .advice(Replies.handshakeAdvice());
        };
        if (h.client.ackEnabled()) {
            b.ext(JsonNodeFactory.instance.objectNode().put("ack", batch));
        }
        return replies.encode(b, h.timesyncExt, h.receivedAt);
    }
}
