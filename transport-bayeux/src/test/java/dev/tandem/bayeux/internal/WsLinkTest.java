package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.BayeuxOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A link writes on its channel while the channel is writable (the rest waits in the bounded client queue),
 * one frame per inbound message's replies, and processes inbound messages one at a time, in order.
 */
class WsLinkTest {
    private final BayeuxContext ctx = new BayeuxContext(BayeuxOptions.DEFAULT.toBuilder().maxQueueMessages(3).build(),
            VirtualTimeScheduler.create(), new BayeuxMetrics(new SimpleMeterRegistry()));

    private static final WsLink.Processor NONE = (link, json, binary) -> Mono.empty();

    private static WsLink link(EmbeddedChannel channel, BayeuxContext ctx, WsLink.Processor processor) {
        WsLink link = new WsLink(channel, ctx, processor, null);
        channel.pipeline().addLast(WebSocketTransport.LINK_HANDLER, link);
        return link;
    }

    /** The texts of the frames written so far (released). */
    private static List<String> written(EmbeddedChannel channel) {
        List<String> out = new ArrayList<>();
        TextWebSocketFrame f;
        while ((f = channel.readOutbound()) != null) {
            out.add(f.text());
            f.release();
        }
        return out;
    }

    private static TextWebSocketFrame text(String s) {
        return new TextWebSocketFrame(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void should_write_at_once_when_writable_and_hold_messages_in_the_client_queue_while_not() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = link(channel, ctx, NONE);
        ClientSessionImpl client = ctx.clients.create(null, false);
        assertThat(client.bindTo(link)).isEqualTo(ClientSessionImpl.Binding.NEW);
        link.attach(client);

        client.deliver("/a", JsonNodeFactory.instance.numberNode(1));
        assertThat(written(channel)).containsExactly("[{\"channel\":\"/a\",\"data\":1}]");
        assertThat(client.queueSize()).isZero();

        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        channel.write(Unpooled.wrappedBuffer(new byte[16]));
        assertThat(channel.isWritable()).isFalse();
        client.deliver("/a", JsonNodeFactory.instance.numberNode(2));
        client.deliver("/a", JsonNodeFactory.instance.numberNode(3));
        assertThat(client.queueSize()).isEqualTo(2);

        channel.flush();
        assertThat(channel.isWritable()).isTrue();
        assertThat(channel.<Object>readOutbound()).isNotNull(); // the 16 bytes that stalled it
        assertThat(written(channel)).containsExactly("[{\"channel\":\"/a\",\"data\":2},{\"channel\":\"/a\",\"data\":3}]");
        assertThat(client.queueSize()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void should_remove_the_client_when_a_stalled_socket_lets_its_queue_overflow() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = link(channel, ctx, NONE);
        ClientSessionImpl client = ctx.clients.create(null, false);
        client.bindTo(link);
        link.attach(client);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        channel.write(Unpooled.wrappedBuffer(new byte[16]));
        for (int i = 0; i < 3; i++) {
            assertThat(client.deliver("/a", JsonNodeFactory.instance.numberNode(i))).isTrue();
        }
        assertThat(client.deliver("/a", JsonNodeFactory.instance.numberNode(4))).isFalse();
        assertThat(client.isRemoved()).isTrue();
        assertThat(ctx.clients.size()).isZero();
        channel.finishAndReleaseAll();
    }

    @Test
    void should_write_what_one_inbound_message_gives_another_link_as_one_frame_when_its_handling_ends() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = link(channel, ctx, NONE);
        ClientSessionImpl client = ctx.clients.create(null, false);
        client.bindTo(link);
        link.attach(client);

        WsLink.beginInbound(); // another link's join: the master gets joined, activated and a snapshot request
        WsLink.beginInbound(); // nested: only the outermost end writes
        client.deliver("/joined", JsonNodeFactory.instance.numberNode(1));
        client.deliver("/activated", JsonNodeFactory.instance.numberNode(2));
        WsLink.endInbound();
        client.deliver("/control", JsonNodeFactory.instance.numberNode(3));
        assertThat(written(channel)).as("nothing while the message is handled").isEmpty();
        WsLink.endInbound();

        assertThat(written(channel)).containsExactly("[{\"channel\":\"/joined\",\"data\":1},"
                + "{\"channel\":\"/activated\",\"data\":2},{\"channel\":\"/control\",\"data\":3}]");
        client.deliver("/a", JsonNodeFactory.instance.numberNode(4));
        assertThat(written(channel)).as("outside a handling, at once").containsExactly("[{\"channel\":\"/a\",\"data\":4}]");
        channel.finishAndReleaseAll();
    }

    @Test
    void should_send_the_replies_of_one_inbound_message_as_one_frame() {
        EmbeddedChannel channel = new EmbeddedChannel();
        WsLink link = link(channel, ctx, NONE);
        link.beginBatch();
        link.send(List.of(ctx.codec.encode(BayeuxMessage.builder("/x").id("1").build())));
        link.send(List.of(ctx.codec.encode(BayeuxMessage.builder("/x").id("2").build())));
        assertThat(written(channel)).isEmpty();
        link.endBatch();
        assertThat(written(channel)).containsExactly("[{\"id\":\"1\",\"channel\":\"/x\"},{\"id\":\"2\",\"channel\":\"/x\"}]");
        link.close();
        link.send(List.of(ctx.codec.encode(BayeuxMessage.builder("/x").id("3").build())));
        assertThat(written(channel)).isEmpty();
        channel.finishAndReleaseAll();
    }

    @Test
    void should_process_inbound_messages_one_at_a_time_in_order_and_stop_reading_when_too_many_wait() {
        EmbeddedChannel channel = new EmbeddedChannel();
        List<String> seen = new ArrayList<>();
        List<Sinks.Empty<Void>> inFlight = new ArrayList<>();
        WsLink link = link(channel, ctx, (l, json, binary) -> {
            seen.add(json.toString(StandardCharsets.UTF_8));
            Sinks.Empty<Void> done = Sinks.empty();
            inFlight.add(done);
            return done.asMono();
        });
        // As Reactor Netty passes them, releasing each frame once the link returned (a message that waits must be
        // copied); the connection stays open (never completes).
        link.onSubscribe(Operators.emptySubscription());
        for (int i = 1; i <= WsLink.MAX_PENDING_FRAMES + 1; i++) {
            TextWebSocketFrame frame = text("m" + i);
            link.onNext(frame);
            assertThat(frame.release()).as("nothing kept a reference to frame %d", i).isTrue();
        }
        assertThat(seen).containsExactly("m1");
        assertThat(channel.config().isAutoRead()).as("too many frames wait: stop reading").isFalse();

        inFlight.get(0).tryEmitEmpty();
        channel.runPendingTasks();
        assertThat(seen).containsExactly("m1", "m2");
        for (int i = 1; i < WsLink.MAX_PENDING_FRAMES + 1; i++) {
            inFlight.get(i).tryEmitEmpty();
            channel.runPendingTasks();
        }
        assertThat(seen).hasSize(WsLink.MAX_PENDING_FRAMES + 1).endsWith("m" + (WsLink.MAX_PENDING_FRAMES + 1));
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void should_close_the_channel_after_the_idle_timeout_without_reads() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        WsLink link = link(channel, ctx, NONE);
        link.startIdleTimer(Duration.ofSeconds(90).toMillis());
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.writeInbound(text("ping-ish"));
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("a read 60 s ago").isTrue();
        channel.advanceTimeBy(31, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }
}
