package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.DataReader;
import dev.tandem.bayeux.ServiceHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;
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
    /** The services' own readers of their data ({@link dev.tandem.bayeux.DataReader}), by channel. */
    final Map<String, DataReader> dataReaders = new ConcurrentHashMap<>();
    /** Bodies larger than this are decoded off the event loop (about a millisecond of parsing). */
    static final int OFFLOAD_DECODE_BYTES = 64 * 1024;
    volatile boolean shuttingDown;

    BayeuxContext(BayeuxOptions options, Scheduler scheduler, BayeuxMetrics metrics) {
        this.options = options;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.codec = codec(options, dataReaders::get);
        this.subscriptions = new SubscriptionRegistry();
        this.clients = new ClientRegistry(this);
    }

    /** The codec for {@code options}: its size limits and large-message channels; no channel's own data reader. */
    static JsonCodec codec(BayeuxOptions options) {
        return codec(options, channel -> null);
    }

    /** The codec for {@code options}, reading the data of a channel with its reader in {@code readers}, if any. */
    static JsonCodec codec(BayeuxOptions options, Function<String, DataReader> readers) {
        String[] large = options.largeMessageChannels().toArray(String[]::new);
        return new JsonCodec(options.maxMessageBytes(), options.maxLargeMessageBytes(), options.maxBatchMessages(),
                channel -> isLarge(large, channel), readers);
    }

    /** Whether {@code channel} is one of (or matches one of) the large-message channels; runs for every message. */
    private static boolean isLarge(String[] large, String channel) {
        for (String p : large) {
            if (Channels.matches(p, channel)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes a frame or body. Large ones (a full page snapshot is megabytes: hundreds of ms of parsing)
     * are decoded on the scheduler's workers, so that the event loop goes on serving its other
     * connections; small ones at once, where they arrived.
     */
    Mono<DecodedBatch> decode(byte[] bytes) {
        if (bytes.length <= OFFLOAD_DECODE_BYTES) {
            return Mono.just(codec.decode(bytes));
        }
        return Mono.fromCallable(() -> codec.decode(bytes)).subscribeOn(scheduler);
    }

    /** The scheduler's clock, in ms. */
    long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }
}
