package dev.tandem.bayeux.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Resumes writing a link's output when its channel becomes writable again (Netty's backpressure signal). */
final class WritabilityHandler extends ChannelInboundHandlerAdapter {
    private final WsLink link;

    WritabilityHandler(WsLink link) {
        this.link = link;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext c) throws Exception {
        if (c.channel().isWritable()) {
            link.drain();
        }
        super.channelWritabilityChanged(c);
    }
}
