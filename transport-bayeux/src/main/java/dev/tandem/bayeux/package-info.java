/**
 * A Bayeux 1.0 server on Reactor Netty that the official CometD clients talk to unchanged: build one with
 * {@link dev.tandem.bayeux.BayeuxServer#builder()}, register {@code /service/**} handlers, mount it on any
 * Reactor Netty {@code HttpServerRoutes}.
 */
package dev.tandem.bayeux;
