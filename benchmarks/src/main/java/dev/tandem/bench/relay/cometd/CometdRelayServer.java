package dev.tandem.bench.relay.cometd;

import dev.tandem.bench.BenchException;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.jakarta.CometDServlet;
import org.cometd.server.websocket.jetty.JettyWebSocketTransport;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The CometD 9 relay on Jetty 12: {@code CometDServlet} (long-polling) and CometD's Jetty WebSocket
 * transport at {@code /cobrowse/cometd}, the same endpoint as Tandem, with CometD's defaults otherwise
 * (its handshake advises {@code timeout} 20 s, {@code interval} 0; Jetty's JSON). Start with
 * {@link #start(String, int)}, stop with {@link #stop()}.
 */
public final class CometdRelayServer {
    public static final String CONTEXT_PATH = "/cobrowse";
    public static final String SERVLET_PATH = "/cometd/*";

    private final Server server;
    private final ServerConnector connector;
    private final CobrowseRelayService service;

    private CometdRelayServer(Server server, ServerConnector connector, CobrowseRelayService service) {
        this.server = server;
        this.connector = connector;
        this.service = service;
    }

    /** Starts on {@code host:port} (port 0 picks a free one) with the page stream on {@code /service/session/stream}. */
    public static CometdRelayServer start(String host, int port) {
        return start(host, port, CobrowseRelayService.STREAM);
    }

    /** Starts on {@code host:port} (port 0 picks a free one) with the page stream on {@code streamChannel}. */
    public static CometdRelayServer start(String host, int port, String streamChannel) {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("cometd-relay");
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        server.setHandler(context);
        context.insertHandler(WebSocketUpgradeHandler.from(server, context));

        BayeuxServerImpl bayeux = new BayeuxServerImpl();
        bayeux.setOption(Context.class.getName(), context.getContext());
        bayeux.setOption(BayeuxServerImpl.TRANSPORTS_OPTION,
                JettyWebSocketTransport.class.getName() + "," + JSONHttpTransport.class.getName());
        bayeux.setOption("ws.cometdURLMapping", SERVLET_PATH);
        bayeux.setOption("ws.maxMessageSize", 4 * 1024 * 1024);
        bayeux.setOption("maxMessageSize", 4 * 1024 * 1024);
        context.setAttribute(BayeuxServer.ATTRIBUTE, bayeux);

        ServletHolder cometd = new ServletHolder(CometDServlet.class);
        cometd.setInitOrder(1);
        context.addServlet(cometd, SERVLET_PATH);

        CobrowseRelayService service = new CobrowseRelayService(bayeux, streamChannel);
        try {
            server.start();
        } catch (Exception e) {
            throw new BenchException("The CometD relay could not start on " + host + ":" + port
                    + ": " + e.getMessage(), e);
        }
        service.install();
        return new CometdRelayServer(server, connector, service);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public int liveSessions() {
        return service.liveSessions();
    }

    /** Sessions ended by their master's {@code /service/session/exit} (not by a CometD session's expiry). */
    public long sessionsEndedByExit() {
        return service.sessionsEndedByExit();
    }

    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new BenchException("The CometD relay did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** Waits until the server stops (for the standalone command). */
    public void join() throws InterruptedException {
        server.join();
    }
}
