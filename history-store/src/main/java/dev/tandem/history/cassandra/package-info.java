/** Session history on Apache Cassandra: {@link dev.tandem.history.cassandra.CassandraHistoryStore} and its options. */
package dev.tandem.history.cassandra;
