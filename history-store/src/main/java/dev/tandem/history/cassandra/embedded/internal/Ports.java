package dev.tandem.history.cassandra.embedded.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The node's ports on 127.0.0.1, with free ones picked for those configured as 0.
 *
 * @param nativeTransport CQL
 * @param storage         inter-node
 * @param jmx             local JMX (nodetool)
 */
public record Ports(int nativeTransport, int storage, int jmx) {

    /** Keeps the given ports and picks free ones for zeros (blocking: binds sockets briefly). */
    public static Ports resolve(int nativeTransport, int storage, int jmx) {
        return new Ports(orFree(nativeTransport), orFree(storage), orFree(jmx));
    }

    private static int orFree(int port) {
        if (port != 0) {
            return port;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(NodeLayout.HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + NodeLayout.HOST, e);
        }
    }
}
