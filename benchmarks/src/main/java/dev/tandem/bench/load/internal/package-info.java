/**
 * Internal: the load generator's machinery — the Bayeux and raw peers, their WebSocket and long-polling
 * links, the wire codec, metrics, server probes and the run's phases. Not a public API.
 */
package dev.tandem.bench.load.internal;
