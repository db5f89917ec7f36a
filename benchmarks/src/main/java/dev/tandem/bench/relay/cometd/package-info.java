/**
 * A minimal co-browse relay on CometD 9 and Jetty 12: the seed's create/join channels and the page
 * stream forwarded to the session's agents, with the same JSON as Tandem. A peer to measure against,
 * not a product.
 */
package dev.tandem.bench.relay.cometd;
