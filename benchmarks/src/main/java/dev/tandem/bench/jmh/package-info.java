/**
 * JMH microbenchmarks, run with {@code java -jar tandem-bench.jar jmh [JMH options] [regex]}: Tandem's Bayeux
 * codec ({@link dev.tandem.bench.jmh.BayeuxCodecBenchmark}), the session actor
 * ({@link dev.tandem.bench.jmh.SessionActorBenchmark}), a client's outbound queue
 * ({@link dev.tandem.bench.jmh.OutboundQueueBenchmark}) and plain Jackson on Bayeux batches
 * ({@link dev.tandem.bench.jmh.BayeuxJsonBenchmark}).
 */
package dev.tandem.bench.jmh;
