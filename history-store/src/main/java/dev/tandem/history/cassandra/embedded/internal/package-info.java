/** Internals of the embedded-node launcher (classpath, files, command line, readiness). Not API. */
package dev.tandem.history.cassandra.embedded.internal;
