package dev.tandem.bayeux;

import reactor.core.publisher.Mono;

/**
 * Answers the messages published to one {@code /service/**} channel. The reply goes to the sender only,
 * on the same channel, carrying the request's {@code id}. Must not block; errors may be signalled with a
 * {@link ServiceReply#error} or on the error channel (then the client gets {@code 500}).
 */
@FunctionalInterface
public interface ServiceHandler {
    Mono<ServiceReply> handle(ServiceRequest request);
}
