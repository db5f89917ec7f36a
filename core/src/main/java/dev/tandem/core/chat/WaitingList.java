package dev.tandem.core.chat;

import java.util.List;

/**
 * The waiting list at one moment.
 *
 * @param seq   the number of the last change it contains: every later {@link QueueChange} has a higher one
 * @param chats the waiting chats, longest waiting first
 */
public record WaitingList(long seq, List<WaitingChat> chats) {
    public WaitingList {
        chats = List.copyOf(chats);
    }
}
