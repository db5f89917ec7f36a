/**
 * The chat service's public API: chats between a customer and one or more agents, run by a {@link
 * dev.tandem.core.chat.ChatEngine} (one actor per chat), with a waiting list for agents, restore after page loads
 * within an offline window, and transcripts written to a {@link dev.tandem.core.history.TranscriptStore}.
 */
package dev.tandem.core.chat;
