/** Tandem's benchmarks: the command line ({@link dev.tandem.bench.Main}) and its shared error type. */
package dev.tandem.bench;
