/** The peers Tandem is measured against: a CometD 9 relay on Jetty 12 and a raw Reactor Netty WebSocket relay. */
package dev.tandem.bench.relay;
