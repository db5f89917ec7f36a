package dev.tandem.core.chat;

/** Where a chat is in its life; {@link #wireName()} is how the wire spells it. */
public enum ChatPhase {
    /** In the waiting list: no agent has accepted it yet, or the last agent left. */
    WAITING("waiting"),
    /** At least one agent takes part. */
    ACTIVE("active"),
    /** Over; accepts nothing more. */
    ENDED("ended");

    private final String wireName;

    ChatPhase(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
