/**
 * What outlives a live session: the HistoryStore SPI (co-browse session history), the TranscriptStore SPI (chat
 * transcripts), their records, and the in-memory store that implements both.
 */
package dev.tandem.core.history;
