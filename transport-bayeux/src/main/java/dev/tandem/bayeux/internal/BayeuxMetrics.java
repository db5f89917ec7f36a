package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.RemovalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The server's meters: {@code tandem.bayeux.connections{transport}} (open WebSockets, in-flight HTTP
 * requests), {@code tandem.bayeux.clients}, {@code tandem.bayeux.connects.held}, {@code tandem.bayeux.messages.in/out{family}},
 * {@code tandem.bayeux.queue.overflows}, {@code tandem.bayeux.clients.removed{reason}}.
 */
final class BayeuxMetrics {
    final AtomicInteger webSockets = new AtomicInteger();
    final AtomicInteger longPolls = new AtomicInteger();
    final AtomicInteger callbackPolls = new AtomicInteger();
    final AtomicInteger heldConnects = new AtomicInteger();
    private final MeterRegistry registry;
    private final Map<ChannelFamily, Counter> in = new EnumMap<>(ChannelFamily.class);
    private final Map<ChannelFamily, Counter> out = new EnumMap<>(ChannelFamily.class);
    private final Map<RemovalReason, Counter> removed = new EnumMap<>(RemovalReason.class);
    private final Counter overflows;
    private final Counter badInput;

    BayeuxMetrics(MeterRegistry registry) {
        this.registry = registry;
        gauge("websocket", webSockets);
        gauge("long-polling", longPolls);
        gauge("callback-polling", callbackPolls);
        Gauge.builder("tandem.bayeux.connects.held", heldConnects, AtomicInteger::get)
                .description("/meta/connect requests being held").register(registry);
        for (ChannelFamily f : ChannelFamily.values()) {
            in.put(f, Counter.builder("tandem.bayeux.messages.in").tag("family", f.tag())
                    .description("Bayeux messages received").register(registry));
            out.put(f, Counter.builder("tandem.bayeux.messages.out").tag("family", f.tag())
                    .description("Bayeux messages sent").register(registry));
        }
        for (RemovalReason r : RemovalReason.values()) {
            removed.put(r, Counter.builder("tandem.bayeux.clients.removed").tag("reason", r.name().toLowerCase())
                    .description("Bayeux clients removed").register(registry));
        }
        overflows = Counter.builder("tandem.bayeux.queue.overflows")
                .description("Clients disconnected because their outbound queue overflowed").register(registry);
        badInput = Counter.builder("tandem.bayeux.bad.input")
                .description("Rejected batches and messages (malformed, oversized, ill-typed)").register(registry);
    }

    private void gauge(String transport, AtomicInteger value) {
        Gauge.builder("tandem.bayeux.connections", value, AtomicInteger::get).tag("transport", transport)
                .description("Open WebSockets and in-flight HTTP requests").register(registry);
    }

    void clients(Supplier<Number> count) {
        Gauge.builder("tandem.bayeux.clients", count).description("Handshaken Bayeux clients").register(registry);
    }

    void in(ChannelFamily family) {
        in.get(family).increment();
    }

    void out(ChannelFamily family) {
        out.get(family).increment();
    }

    void overflow() {
        overflows.increment();
    }

    void removed(RemovalReason reason) {
        removed.get(reason).increment();
    }

    void badInput() {
        badInput.increment();
    }
}
