/** Test support: servers on free loopback ports, official CometD Java clients, raw HTTP and WebSocket peers. */
package dev.tandem.bayeux.support;
