package dev.tandem.bayeux.support;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.ClientTransport;
import org.cometd.client.websocket.jakarta.WebSocketTransport;
import org.eclipse.jetty.client.HttpClient;

/** Official CometD Java clients (Jetty HTTP and Jakarta WebSocket transports), closed together. */
public final class JavaClients implements AutoCloseable {
    private final HttpClient httpClient = new HttpClient();
    private final WebSocketContainer container;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<BayeuxClient> clients = new ArrayList<>();

    public JavaClients() {
        try {
            httpClient.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        container = ContainerProvider.getWebSocketContainer();
    }

    /** A client using only {@code transport} ("websocket" or "long-polling"). */
    public BayeuxClient client(String url, String transport) {
        return client(url, transport, Map.of());
    }

    public BayeuxClient client(String url, String transport, Map<String, Object> options) {
        Map<String, Object> opts = new HashMap<>(options);
        ClientTransport t = switch (transport) {
            case "websocket" -> new WebSocketTransport(opts, scheduler, container);
            case "long-polling" -> new JettyHttpClientTransport(opts, httpClient);
            default -> throw new IllegalArgumentException(transport);
        };
        BayeuxClient client = new BayeuxClient(url, scheduler, t);
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** A client offering WebSocket first and long-polling as fallback, as browsers do. */
    public BayeuxClient clientWithFallback(String url) {
        BayeuxClient client = new BayeuxClient(url, scheduler,
                new WebSocketTransport(new HashMap<>(), scheduler, container),
                new JettyHttpClientTransport(new HashMap<>(), httpClient));
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (BayeuxClient c : clients) {
                try {
                    c.disconnect(2000);
                } catch (RuntimeException ignored) {
                    // best effort
                }
            }
        }
        try {
            httpClient.stop();
        } catch (Exception ignored) {
            // best effort
        }
        scheduler.shutdownNow();
    }
}
