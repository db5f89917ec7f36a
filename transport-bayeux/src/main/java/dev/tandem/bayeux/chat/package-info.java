/**
 * The chat channels on a {@link dev.tandem.bayeux.BayeuxServer}: {@code /service/chat/*} requests (start, restore,
 * agent sign-in, waiting list, accept, join, send, typing, leave, end) answered by a
 * {@link dev.tandem.core.chat.ChatEngine}, and its notifications on {@code /service/chat/event} and
 * {@code /service/chat/queue}, all in Tandem's versioned envelope ({@code "v":1}). Bind with
 * {@link dev.tandem.bayeux.chat.ChatServices#bind}; {@code docs/chat.md} is the contract.
 */
package dev.tandem.bayeux.chat;
