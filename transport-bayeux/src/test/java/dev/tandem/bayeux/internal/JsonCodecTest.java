package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.DataReader;
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

    /** A channel's reader that keeps the client's bytes of the data, as a string, and reads past it. */
    private static final DataReader BYTES = (p, source) -> {
        long from = p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        return JsonNodeFactory.instance.textNode(new String(source.copy(from, p.currentTokenLocation().getByteOffset() + 1),
                StandardCharsets.UTF_8));
    };

    @Test
    void should_let_a_channels_reader_read_its_data_when_the_channel_comes_first() {
        JsonCodec readers = new JsonCodec(10_000, 10_000, 5, c -> false, c -> c.equals("/service/raw") ? BYTES : null);
        String data = "{ \"a\" : [1, {\"b\":\"\u00e9\\\"\"}] }";
        String batch = "[{\"channel\":\"/service/raw\",\"id\":\"1\",\"data\":" + data + ",\"ext\":{\"x\":1}},"
                + "{\"data\":" + data + ",\"channel\":\"/service/raw\"},"
                + "{\"channel\":\"/service/other\",\"data\":" + data + "},"
                + "{\"channel\":\"/service/raw\",\"data\":[1]}]";
        byte[] bytes = batch.getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = Unpooled.directBuffer().writeZero(3).writeBytes(bytes).skipBytes(3);
        ByteBuf heapSlice = Unpooled.wrappedBuffer(("junk" + batch).getBytes(StandardCharsets.UTF_8)).slice(4, bytes.length);
        for (DecodedBatch b : List.of(readers.decode(bytes), readers.decode(direct), readers.decode(heapSlice))) {
            List<BayeuxMessage> m = b.messages().stream().map(d -> ((Decoded.Ok) d).message()).toList();
            assertThat(m.get(0).data().textValue()).as("the client's own bytes").isEqualTo(data);
            assertThat(m.get(0).id()).isEqualTo("1");
            assertThat(m.get(0).ext().get("x").asInt()).isEqualTo(1);
            assertThat(m.get(1).data().path("a").get(1).path("b").asText()).as("channel after data: a tree").isEqualTo("\u00e9\"");
            assertThat(m.get(2).data().isObject()).as("another channel: a tree").isTrue();
            assertThat(m.get(3).data().toString()).as("data that is no object: a tree").isEqualTo("[1]");
        }
        direct.release();
        heapSlice.release();
        DecodedBatch twice = readers.decode(("[{\"channel\":\"/service/raw\",\"data\":{},\"channel\":\"/meta/connect\"}]")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(twice.error()).isEqualTo(BayeuxError.BAD_REQUEST);
        assertThat(twice.failure()).contains("names its channel twice, '/service/raw' and '/meta/connect'");
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

    @Test
    void should_write_bare_replies_as_a_generator_would() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String id : java.util.Arrays.asList("1", "a\"b\\c\u0001\u00e9\ud83d\ude00/</", null)) {
            for (boolean successful : new boolean[]{true, false}) {
                for (var data : java.util.Arrays.asList(null, JsonNodeFactory.instance.objectNode())) {
                    BayeuxMessage m = BayeuxMessage.builder("/service/session/stream").id(id).successful(successful).data(data).build();
                    var expected = JsonNodeFactory.instance.objectNode();
                    if (id != null) {
                        expected.put("id", id);
                    }
                    expected.put("channel", "/service/session/stream").put("successful", successful);
                    if (data != null) {
                        expected.set("data", data);
                    }
                    assertThat(new String(codec.encode(m).json(), StandardCharsets.UTF_8)).isEqualTo(json.writeValueAsString(expected));
                    assertThat(codec.encode(m).family()).isEqualTo(ChannelFamily.of("/service/session/stream"));
                }
            }
        }
        assertThat(new String(codec.encode(BayeuxMessage.builder("/a").id("1").successful(true)
                .data(JsonNodeFactory.instance.objectNode().put("x", 1)).build()).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"1\",\"channel\":\"/a\",\"successful\":true,\"data\":{\"x\":1}}");
    }
}
