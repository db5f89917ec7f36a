package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.BayeuxOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A link writes only with demand and while its channel is writable; the rest waits in the bounded client queue. */
class WsLinkTest {
    private final BayeuxContext ctx = new BayeuxContext(BayeuxOptions.DEFAULT.toBuilder().maxQueueMessages(3).build(),
            VirtualTimeScheduler.create(), new BayeuxMetrics(new SimpleMeterRegistry()));

    /** Requests only when told to. */
    private static final class Probe extends BaseSubscriber<WebSocketFrame> {
        final List<String> frames = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription s) {
        }

        @Override
        protected void hookOnNext(WebSocketFrame f) {
            frames.add(((TextWebSocketFrame) f).text());
            f.release();
        }
    }

    @Test
    void should_hold_messages_in_the_client_queue_until_demand_and_writability() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = new WsLink(channel, ctx);
        channel.pipeline().addLast(new WritabilityHandler(link));
        ClientSessionImpl client = ctx.clients.create(null, false);
        assertThat(client.bindTo(link)).isEqualTo(ClientSessionImpl.Binding.NEW);
        link.attach(client);
        Probe probe = new Probe();
        link.frames().subscribe(probe);

        client.deliver("/a", JsonNodeFactory.instance.numberNode(1));
        assertThat(probe.frames).isEmpty();
        assertThat(client.queueSize()).isEqualTo(1);

        probe.request(1);
        assertThat(probe.frames).containsExactly("[{\"channel\":\"/a\",\"data\":1}]");
        assertThat(client.queueSize()).isZero();

        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        channel.write(Unpooled.wrappedBuffer(new byte[16]));
        assertThat(channel.isWritable()).isFalse();
        probe.request(5);
        client.deliver("/a", JsonNodeFactory.instance.numberNode(2));
        client.deliver("/a", JsonNodeFactory.instance.numberNode(3));
        assertThat(probe.frames).hasSize(1);
        assertThat(client.queueSize()).isEqualTo(2);

        channel.flush();
        assertThat(channel.isWritable()).isTrue();
        assertThat(probe.frames).hasSize(2);
        assertThat(probe.frames.get(1)).isEqualTo("[{\"channel\":\"/a\",\"data\":2},{\"channel\":\"/a\",\"data\":3}]");
        channel.finishAndReleaseAll();
    }

    @Test
    void should_remove_the_client_when_a_stalled_socket_lets_its_queue_overflow() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = new WsLink(channel, ctx);
        ClientSessionImpl client = ctx.clients.create(null, false);
        client.bindTo(link);
        link.attach(client);
        link.frames().subscribe(new Probe());
        for (int i = 0; i < 3; i++) {
            assertThat(client.deliver("/a", JsonNodeFactory.instance.numberNode(i))).isTrue();
        }
        assertThat(client.deliver("/a", JsonNodeFactory.instance.numberNode(4))).isFalse();
        assertThat(client.isRemoved()).isTrue();
        assertThat(ctx.clients.size()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void should_send_the_replies_of_one_inbound_message_as_one_frame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = new WsLink(channel, ctx);
        Probe probe = new Probe();
        link.frames().subscribe(probe);
        probe.request(10);
        link.beginBatch();
        link.send(List.of(ctx.codec.encode(dev.tandem.bayeux.BayeuxMessage.builder("/x").id("1").build())));
        link.send(List.of(ctx.codec.encode(dev.tandem.bayeux.BayeuxMessage.builder("/x").id("2").build())));
        assertThat(probe.frames).isEmpty();
        link.endBatch();
        assertThat(probe.frames).containsExactly("[{\"id\":\"1\",\"channel\":\"/x\"},{\"id\":\"2\",\"channel\":\"/x\"}]");
        link.close();
        link.send(List.of(ctx.codec.encode(dev.tandem.bayeux.BayeuxMessage.builder("/x").id("3").build())));
        assertThat(probe.frames).hasSize(1);
        channel.finishAndReleaseAll();
    }
}
