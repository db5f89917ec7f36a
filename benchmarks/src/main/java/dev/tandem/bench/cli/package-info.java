/** Internal: the small option parser shared by the benchmark commands. Not a public API. */
package dev.tandem.bench.cli;
