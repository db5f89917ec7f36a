package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.support.SeedShapes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparedMessageTest {

    @Test
    void should_encode_a_message_once_in_the_codecs_field_order() {
        EncodedMessage m = EncodedMessage.of("/service/session/control", JsonNodeFactory.instance.objectNode().put("v", 1).put("type", "resync"));
        assertThat(EncodedMessages.json(m)).isEqualTo("{\"channel\":\"/service/session/control\",\"data\":{\"v\":1,\"type\":\"resync\"}}");
        assertThat(m.size()).isEqualTo(EncodedMessages.bytes(m).length);
        assertThat(EncodedMessages.bytes(m)).isSameAs(EncodedMessages.bytes(m));
        assertThat(m.channel()).isEqualTo("/service/session/control");
    }

    @Test
    void should_join_data_parts_without_touching_the_buffers() {
        ByteBuffer events = ByteBuffer.wrap("xx[1,2]yy".getBytes(StandardCharsets.US_ASCII), 2, 5);
        EncodedMessage m = EncodedMessage.ofData("/a/b", List.of(ByteBuffer.wrap("{\"e\":".getBytes(StandardCharsets.US_ASCII)),
                events, ByteBuffer.wrap("}".getBytes(StandardCharsets.US_ASCII))));
        assertThat(SeedShapes.parse(EncodedMessages.json(m))).isEqualTo(SeedShapes.parse("{\"channel\":\"/a/b\",\"data\":{\"e\":[1,2]}}"));
        assertThat(events.position()).isEqualTo(2);
        assertThat(events.remaining()).isEqualTo(5);
    }

    @Test
    void should_refuse_channels_that_are_not_concrete() {
        assertThatThrownBy(() -> EncodedMessage.of("/a/*", JsonNodeFactory.instance.objectNode())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncodedMessage.ofData("no slash", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
