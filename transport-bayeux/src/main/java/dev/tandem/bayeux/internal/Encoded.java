package dev.tandem.bayeux.internal;

/**
 * One message already serialised to JSON, ready to be joined into an outbound array.
 *
 * @param json   the UTF-8 JSON object
 * @param family the channel family, for metrics
 */
record Encoded(byte[] json, ChannelFamily family) {
}
