/** Runs a single local Cassandra node in a child JVM, for development, demos and tests: {@link dev.tandem.history.cassandra.embedded.EmbeddedCassandra}. */
package dev.tandem.history.cassandra.embedded;
