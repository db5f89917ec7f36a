/**
 * The side-by-side: the same load, in one run, against Tandem, a CometD 9 relay and a raw Reactor Netty
 * relay, each in its own child JVM with the same heap flags, one at a time; then the ratios.
 */
package dev.tandem.bench.compare;
