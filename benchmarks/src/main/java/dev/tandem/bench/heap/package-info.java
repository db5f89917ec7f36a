/** Class-histogram arithmetic: what a number of connections or sessions adds to a server's live heap, class by class. */
package dev.tandem.bench.heap;
