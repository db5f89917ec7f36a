package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxMessage;

/**
 * One message being handled.
 *
 * @param message    the message
 * @param context    where its batch came from
 * @param receivedAt when it arrived (ms, for timesync)
 * @param last       whether it is the last message of its batch
 */
record Inbound(BayeuxMessage message, InboundContext context, long receivedAt, boolean last) {
}
