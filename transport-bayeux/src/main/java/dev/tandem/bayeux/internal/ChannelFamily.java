package dev.tandem.bayeux.internal;

/** The three kinds of Bayeux channel, used as a metrics tag. */
enum ChannelFamily {
    META("meta"), SERVICE("service"), BROADCAST("broadcast");

    private final String tag;

    ChannelFamily(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }

    static ChannelFamily of(String channel) {
        if (channel == null || channel.startsWith("/meta/")) {
            return META;
        }
        return channel.startsWith("/service/") ? SERVICE : BROADCAST;
    }
}
