/** Session history: the HistoryStore SPI, its records and the in-memory store. */
package dev.tandem.core.history;
