/** The history-write benchmark: page visits through the Cassandra history store at increasing rates. */
package dev.tandem.bench.history;
