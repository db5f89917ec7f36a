package dev.tandem.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.cobrowse.CobrowseServices;
import dev.tandem.core.SessionEngine;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** {@code <context>/health} (JSON) and {@code <context>/metrics} (Prometheus text format). */
public final class Observability {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrometheusMeterRegistry registry;
    private final SessionEngine engine;
    private final HistoryStores.Opened history;
    private final String healthPath;
    private final String metricsPath;

    public Observability(PrometheusMeterRegistry registry, SessionEngine engine, HistoryStores.Opened history, String context) {
        this.registry = registry;
        this.engine = engine;
        this.history = history;
        this.healthPath = context + "/health";
        this.metricsPath = context + "/metrics";
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ProcessMemoryMetrics().bindTo(registry);
        Gauge.builder("tandem.sessions.live", engine, SessionEngine::liveSessions)
                .description("Live (not yet deactivated) co-browse sessions on this node")
                .register(registry);
        Gauge.builder("tandem.stream.log.bytes", engine, SessionEngine::streamLogBytes)
                .description("Bytes the sessions' page-stream logs keep for late and resyncing agents")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("tandem.stream.offheap.bytes", CobrowseServices::pageStreamOffHeapBytes)
                .description("Bytes of page-stream batches held outside the heap (the logs, and batches in flight)")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("tandem.stream.memory.exhausted", CobrowseServices.class, c -> CobrowseServices.pageStreamMemoryExhausted())
                .description("Page-stream batches (not relayed) and log joins (not made) the node's direct memory had no room for")
                .register(registry);
        FunctionCounter.builder("tandem.stream.log.shed", engine, SessionEngine::streamChunksShed)
                .description("Page-stream batches not logged because the node's log budget was full")
                .register(registry);
        history.metrics().ifPresent(m -> m.bindTo(registry));
        if (history.metrics().isEmpty()) {
            Gauge.builder("tandem.history.backlog", history, h -> h.store().backlog())
                    .description("History records accepted but not yet durably written")
                    .register(registry);
        }
    }

    public boolean matches(HttpServerRequest request) {
        String path = StaticFiles.pathOf(request.uri());
        return path.equals(healthPath) || path.equals(metricsPath);
    }

    public Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = StaticFiles.pathOf(request.uri());
        if (path.equals(metricsPath)) {
            return Mono.fromCallable(registry::scrape)
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(text -> Mono.from(response
                            .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                            .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                            .sendString(Mono.just(text))));
        }
        ObjectNode body = JSON.createObjectNode().put("status", "UP").put("liveSessions", engine.liveSessions());
        // Co-browsing works while the history database is away (writes wait in the backlog): still UP.
        body.putObject("history").put("store", history.description())
                .put("connected", history.connected().getAsBoolean())
                .put("backlog", history.store().backlog());
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=UTF-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .sendString(Mono.just(body.toString()));
    }
}
