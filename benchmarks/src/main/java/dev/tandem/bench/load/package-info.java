/** The load generator: {@link dev.tandem.bench.load.LoadGenerator} runs {@link dev.tandem.bench.load.LoadOptions} into a {@link dev.tandem.bench.load.LoadResult}. */
package dev.tandem.bench.load;
