package dev.tandem.bayeux.internal;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Handles the messages of one channel (or family). Returns what goes back on the transport the message came
 * on, in order; may complete later (a held long-polling connect, a service call) or empty (a WebSocket connect,
 * answered through its link).
 */
interface MessageHandler {
    /** {@code client} is the resolved sender; null only for {@code /meta/handshake}. */
    Mono<List<Encoded>> handle(Inbound in, ClientSessionImpl client);
}
