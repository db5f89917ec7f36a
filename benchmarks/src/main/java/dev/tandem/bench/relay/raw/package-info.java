/** The ceiling: a raw Reactor Netty WebSocket relay with no Bayeux and no session logic. */
package dev.tandem.bench.relay.raw;
