package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Routes each message of a batch, in order, to the handler of its channel: one {@link MessageHandler} per
 * meta channel, one for {@code /service/**}, one for broadcast publishes. Resolves and checks the sender's
 * clientId first (unknown, removed, or bound to another WebSocket: {@code 402}).
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final BayeuxContext ctx;
    private final Replies replies;
    private final MessageHandler handshake;
    private final Map<String, MessageHandler> meta;
    private final MessageHandler service;
    private final PublishHandler publish;

    Dispatcher(BayeuxContext ctx) {
        this.ctx = ctx;
        this.replies = new Replies(ctx);
        this.handshake = new HandshakeHandler(ctx, replies);
        this.meta = Map.of(
                "/meta/connect", new ConnectHandler(ctx, replies),
                "/meta/disconnect", new DisconnectHandler(ctx, replies),
                "/meta/subscribe", new SubscribeHandler(ctx, replies),
                "/meta/unsubscribe", new UnsubscribeHandler(ctx, replies));
        this.service = new ServiceChannelHandler(ctx, replies);
        this.publish = new PublishHandler(ctx, replies);
    }

    Replies replies() {
        return replies;
    }

    PublishHandler publisher() {
        return publish;
    }

    /** Handles a decoded batch; each element of the result holds the replies to one message, in order. */
    Flux<List<Encoded>> process(InboundContext ic, DecodedBatch batch) {
        List<Decoded> messages = batch.messages();
        long now = System.currentTimeMillis();
        return Flux.range(0, messages.size())
                .concatMap(i -> handle(ic, messages.get(i), now, i == messages.size() - 1));
    }

    /**
     * Handles a decoded batch, handing each message's replies to {@code sink} in order. Messages answered at
     * once (most: meta channels, services that complete synchronously) need no Reactor subscription; the
     * result is {@code Mono.empty()} itself when every message was answered before this returns.
     */
    Mono<Void> process(InboundContext ic, DecodedBatch batch, Consumer<List<Encoded>> sink) {
        return processFrom(ic, batch.messages(), 0, System.currentTimeMillis(), sink);
    }

    private Mono<Void> processFrom(InboundContext ic, List<Decoded> messages, int from, long now,
                                   Consumer<List<Encoded>> sink) {
        for (int i = from; i < messages.size(); i++) {
            Mono<List<Encoded>> r = handle(ic, messages.get(i), now, i == messages.size() - 1);
            if (r instanceof Fuseable.ScalarCallable<?> scalar) {
                List<Encoded> replies = scalarValue(scalar);
                if (replies != null) {
                    sink.accept(replies);
                }
                continue;
            }
            int next = i + 1;
            Mono<Void> rest = next == messages.size() ? Mono.empty() : Mono.defer(() -> processFrom(ic, messages, next, now, sink));
            return r.doOnNext(sink).then(rest);
        }
        return Mono.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<Encoded> scalarValue(Fuseable.ScalarCallable<?> scalar) {
        try {
            return (List<Encoded>) scalar.call();
        } catch (Exception e) {
            // Mono.just and Mono.empty do not throw; a failed scalar Mono is not made by any handler.
            throw new IllegalStateException(e);
        }
    }

    private Mono<List<Encoded>> handle(InboundContext ic, Decoded decoded, long receivedAt, boolean last) {
        if (decoded instanceof Decoded.Bad bad) {
            ctx.metrics.badInput();
            return Mono.just(List.of(replies.bad(bad)));
        }
        BayeuxMessage m = ((Decoded.Ok) decoded).message();
        ctx.metrics.in(ChannelFamily.of(m.channel()));
        Inbound in = new Inbound(m, ic, receivedAt, last);
        try {
            Mono<List<Encoded>> r = route(in);
            if (r instanceof Fuseable.ScalarCallable<?> scalar) {
                // Answered already (Mono.just / Mono.empty; a Mono.error throws here): no operator to add.
                scalar.call();
                return r;
            }
            return r.onErrorResume(e -> internalError(in, e));
        } catch (Exception e) {
            return internalError(in, e);
        }
    }

    private Mono<List<Encoded>> route(Inbound in) {
        BayeuxMessage m = in.message();
        String channel = m.channel();
        if (!Channels.isValid(channel)) {
            ctx.metrics.badInput();
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.BAD_REQUEST, "'" + SubscribeHandler.abbreviate(channel)
                    + "' is not a channel name: use /segment/segment of letters, digits and -_!~()$@.")));
        }
        if (channel.equals("/meta/handshake")) {
            return handshake.handle(in, null);
        }
        MessageHandler handler = meta.get(channel);
        if (handler == null && Channels.isMeta(channel)) {
            ctx.metrics.badInput();
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.PUBLISH_DENIED,
                    "Unknown meta channel " + channel + ": only handshake, connect, disconnect, subscribe and unsubscribe exist")));
        }
        ClientSessionImpl client = resolve(in);
        if (client == null) {
            return Mono.just(replies.unknownClient(in));
        }
        if (handler != null) {
            return handler.handle(in, client);
        }
        if (Channels.isWildcard(channel)) {
            return Mono.just(replies.one(in, Replies.failure(m, BayeuxError.PUBLISH_DENIED,
                    "Cannot publish to the wildcard channel " + channel + "; publish to a concrete channel")));
        }
        return Channels.isService(channel) ? service.handle(in, client) : publish.handle(in, client);
    }

    /** The sender, when its clientId is known and usable from this connection; null otherwise. */
    private ClientSessionImpl resolve(Inbound in) {
        InboundContext ic = in.context();
        ClientSessionImpl client = ctx.clients.find(in.message().clientId());
        if (client == null || client.isRemoved()) {
            return null;
        }
        if (ic.link != null) {
            ClientSessionImpl.Binding b = client.bindTo(ic.link);
            if (b == ClientSessionImpl.Binding.REFUSED) {
                LOG.debug("Refused {}: bound to another WebSocket", client);
                return null;
            }
            if (b == ClientSessionImpl.Binding.NEW) {
                ic.link.attach(client);
            }
        } else if (!client.acceptHttp()) {
            LOG.debug("Refused {} over HTTP: bound to an open WebSocket", client);
            return null;
        }
        return client;
    }

    private Mono<List<Encoded>> internalError(Inbound in, Throwable e) {
        LOG.warn("Failed handling a message on {}", in.message().channel(), e);
        return Mono.just(new ArrayList<>(replies.one(in, Replies.failure(in.message(), BayeuxError.INTERNAL_ERROR,
                "The server failed handling this message"))));
    }
}
