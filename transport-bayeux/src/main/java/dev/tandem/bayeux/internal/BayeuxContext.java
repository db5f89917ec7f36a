package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.ServiceHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;

/** What every part of one server shares: options, codec, clock, clients, subscriptions, services, metrics. */
final class BayeuxContext {
    final BayeuxOptions options;
    final JsonCodec codec;
    final Scheduler scheduler;
    final BayeuxMetrics metrics;
    final ClientRegistry clients;
    final SubscriptionRegistry subscriptions;
    final Map<String, ServiceHandler> services = new ConcurrentHashMap<>();
    volatile boolean shuttingDown;

    BayeuxContext(BayeuxOptions options, Scheduler scheduler, BayeuxMetrics metrics) {
        this.options = options;
        this.scheduler = scheduler;
        this.metrics = metrics;
        List<String> large = options.largeMessageChannels();
        this.codec = new JsonCodec(options.maxMessageBytes(), options.maxLargeMessageBytes(), options.maxBatchMessages(),
                channel -> large.stream().anyMatch(p -> p.equals(channel) || Channels.matches(p, channel)));
        this.subscriptions = new SubscriptionRegistry();
        this.clients = new ClientRegistry(this);
    }

    /** The scheduler's clock, in ms. */
    long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }
}
