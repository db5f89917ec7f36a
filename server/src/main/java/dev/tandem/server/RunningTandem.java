package dev.tandem.server;

import reactor.core.publisher.Mono;

/** A started Tandem server. */
public interface RunningTandem {

    /** The bound port (useful with {@code --port 0}). */
    int port();

    /** {@code http://host:port} of this server, with a loopback host when bound to all interfaces. */
    String baseUrl();

    /**
     * Graceful stop: refuses new sessions, deactivates live ones (members are told), lets queued messages
     * flush within the configured grace, then closes the server and the history store.
     */
    Mono<Void> shutdown();

    /** Completes when the server has been shut down. */
    Mono<Void> onDispose();
}
