/** Internals of the Cassandra history store (schema, writer, statements). Not API: may change without notice. */
package dev.tandem.history.cassandra.internal;
