/**
 * JMH microbenchmarks, run with {@code java -jar tandem-bench.jar jmh [JMH options] [regex]}. The Bayeux
 * codec, session actor and outbound queue benchmarks join {@link dev.tandem.bench.jmh.BayeuxJsonBenchmark}
 * here once those APIs settle.
 */
package dev.tandem.bench.jmh;
