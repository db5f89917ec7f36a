package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec(300, 1000, 3, "/big"::equals);

    private DecodedBatch decode(String s) {
        return codec.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_decode_every_bayeux_field_when_types_are_right() {
        DecodedBatch b = decode("[{\"id\":7,\"channel\":\"/meta/handshake\",\"clientId\":\"c\",\"version\":\"1.0\","
                + "\"minimumVersion\":\"1.0\",\"supportedConnectionTypes\":[\"websocket\"],\"ext\":{\"ack\":true},"
                + "\"advice\":{\"timeout\":0},\"connectionType\":\"websocket\",\"subscription\":\"/a\",\"data\":[1],"
                + "\"successful\":true,\"error\":\"e\",\"unknown\":1}]");
        assertThat(b.isFailed()).isFalse();
        BayeuxMessage m = ((Decoded.Ok) b.messages().get(0)).message();
        assertThat(m.id()).isEqualTo("7");
        assertThat(m.channel()).isEqualTo("/meta/handshake");
        assertThat(m.clientId()).isEqualTo("c");
        assertThat(m.supportedConnectionTypes()).containsExactly("websocket");
        assertThat(m.ext().get("ack").asBoolean()).isTrue();
        assertThat(m.advice().get("timeout").asInt()).isZero();
        assertThat(m.connectionType()).isEqualTo("websocket");
        assertThat(m.subscription()).isEqualTo("/a");
        assertThat(m.data().toString()).isEqualTo("[1]");
        assertThat(m.successful()).isTrue();
        assertThat(m.error()).isEqualTo("e");
    }

    @Test
    void should_fail_the_batch_when_json_is_malformed_not_an_array_or_too_long() {
        assertThat(decode("[{").failure()).startsWith("Malformed JSON");
        assertThat(decode("{}").failure()).contains("JSON array");
        assertThat(decode("").failure()).contains("JSON array");
        assertThat(decode("[{},{},{},{}]").failure()).contains("at most 3 messages");
        assertThat(decode("[1] 2").failure()).contains("trailing");
        DecodedBatch tooLarge = codec.decode(new byte[1001]);
        assertThat(tooLarge.error()).isEqualTo(BayeuxError.MESSAGE_TOO_LARGE);
        JsonCodec roomy = new JsonCodec(10_000, 10_000, 3, c -> false);
        assertThat(roomy.decode(("[" + "[".repeat(600) + "]".repeat(600) + "]").getBytes(StandardCharsets.UTF_8)).failure())
                .contains("Malformed JSON");
        // A page snapshot nests two levels per DOM level: 400 levels is a DOM tree about 200 elements deep.
        assertThat(roomy.decode(("[{\"channel\":\"/a\",\"data\":" + "[".repeat(400) + "]".repeat(400) + "}]")
                .getBytes(StandardCharsets.UTF_8)).messages().get(0)).isInstanceOf(Decoded.Ok.class);
    }

    @Test
    void should_mark_single_messages_bad_when_fields_have_wrong_types() {
        DecodedBatch b = decode("[1,{\"channel\":null},{\"channel\":\"/a\",\"advice\":[]},{\"channel\":\"/a\",\"successful\":\"yes\"}]".replace("1,", ""));
        assertThat(b.messages()).hasSize(3).allSatisfy(d -> assertThat(d).isInstanceOf(Decoded.Bad.class));
        assertThat(((Decoded.Bad) b.messages().get(0)).detail()).isEqualTo("'channel' is missing");
        assertThat(((Decoded.Bad) b.messages().get(1)).detail()).isEqualTo("'advice' must be an object");
        assertThat(((Decoded.Bad) b.messages().get(2)).detail()).isEqualTo("'successful' must be a boolean");
    }

    @Test
    void should_decode_a_frame_buffer_in_place_like_its_bytes_whatever_the_buffer_kind() {
        String batch = "[{\"id\":\"1\",\"channel\":\"/small\",\"data\":{\"s\":\"" + "y".repeat(200) + "\"}},"
                + "{\"channel\":\"/small\",\"data\":\"" + "x".repeat(400) + "\"},{\"channel\":\"/big\",\"data\":[\"\u00e9\"]}]";
        byte[] bytes = batch.getBytes(StandardCharsets.UTF_8);
        DecodedBatch expected = codec.decode(bytes);
        ByteBuf direct = Unpooled.directBuffer().writeBytes(bytes);
        // A heap buffer whose bytes start inside its array, as a slice of a larger read is.
        ByteBuf heapSlice = Unpooled.wrappedBuffer(("junk" + batch + "junk").getBytes(StandardCharsets.UTF_8)).slice(4, bytes.length);
        // What Netty's frame aggregator passes on for a message in several frames.
        ByteBuf composite = Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(bytes, 0, 100),
                Unpooled.directBuffer().writeBytes(bytes, 100, bytes.length - 100));
        for (ByteBuf buf : List.of(direct, heapSlice, composite)) {
            int readerIndex = buf.readerIndex();
            DecodedBatch b = codec.decode(buf);
            assertThat(b.isFailed()).isFalse();
            assertThat(b.messages()).hasSize(3);
            Decoded.Ok first = (Decoded.Ok) b.messages().get(0);
            Decoded.Ok expectedFirst = (Decoded.Ok) expected.messages().get(0);
            assertThat(first.size()).isEqualTo(expectedFirst.size());
            assertThat(first.message().data()).isEqualTo(expectedFirst.message().data());
            assertThat(b.messages().get(1)).isInstanceOfSatisfying(Decoded.Bad.class,
                    bad -> assertThat(bad.error()).isEqualTo(BayeuxError.MESSAGE_TOO_LARGE));
            assertThat(((Decoded.Ok) b.messages().get(2)).message().data().get(0).asText()).isEqualTo("\u00e9");
            assertThat(buf.readerIndex()).as("the buffer's indexes do not move").isEqualTo(readerIndex);
            assertThat(buf.readableBytes()).isEqualTo(bytes.length);
            buf.release();
        }
        assertThat(codec.decode(Unpooled.copiedBuffer("[{", StandardCharsets.UTF_8)).failure()).startsWith("Malformed JSON");
        assertThat(codec.decode(Unpooled.directBuffer().writeZero(1001)).error()).isEqualTo(BayeuxError.MESSAGE_TOO_LARGE);
    }

    @Test
    void should_apply_the_large_limit_only_to_large_channels() {
        String data = "x".repeat(400);
        DecodedBatch b = decode("[{\"channel\":\"/small\",\"data\":\"" + data + "\"},{\"channel\":\"/big\",\"data\":\"" + data + "\"}]");
        assertThat(b.messages().get(0)).isInstanceOfSatisfying(Decoded.Bad.class,
                bad -> assertThat(bad.error()).isEqualTo(BayeuxError.MESSAGE_TOO_LARGE));
        assertThat(b.messages().get(1)).isInstanceOf(Decoded.Ok.class);
    }

    @Test
    void should_encode_fields_in_a_stable_order_and_omit_absent_ones() {
        Encoded e = codec.encode(BayeuxMessage.builder("/meta/connect").id("1").successful(true)
                .advice(JsonNodeFactory.instance.objectNode().put("reconnect", "retry"))
                .ext(JsonNodeFactory.instance.objectNode().put("ack", 3)).build());
        assertThat(new String(e.json(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"1\",\"channel\":\"/meta/connect\",\"successful\":true,\"advice\":{\"reconnect\":\"retry\"},\"ext\":{\"ack\":3}}");
        assertThat(e.family()).isEqualTo(ChannelFamily.META);
        assertThat(new String(JsonCodec.array(List.of(e, e)), StandardCharsets.UTF_8)).startsWith("[{").contains("},{").endsWith("}]");
        assertThat(new String(JsonCodec.array(List.of()), StandardCharsets.UTF_8)).isEqualTo("[]");
    }
}
