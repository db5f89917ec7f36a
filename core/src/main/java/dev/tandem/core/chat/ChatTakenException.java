package dev.tandem.core.chat;

import dev.tandem.core.TandemException;

/** An agent tried to accept a chat that is no longer waiting: another agent accepted it first. */
public class ChatTakenException extends TandemException {
    public ChatTakenException(String message) {
        super(message);
    }
}
