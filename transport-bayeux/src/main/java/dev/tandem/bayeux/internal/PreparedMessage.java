package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.bayeux.EncodedMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The only {@link EncodedMessage}: the message's {@link Encoded} form, shared as it is by every client queue it
 * is offered to (nothing ever writes its bytes after construction). Public only for the API's factories.
 */
public final class PreparedMessage implements EncodedMessage {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().build());

    private final String channel;
    private final Encoded encoded;

    private PreparedMessage(String channel, byte[] json) {
        this.channel = channel;
        this.encoded = new Encoded(json, ChannelFamily.of(channel));
    }

    /** See {@link EncodedMessage#of}. */
    public static EncodedMessage of(String channel, JsonNode data) {
        Objects.requireNonNull(data, "data");
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("channel", requireChannel(channel));
            g.writeFieldName("data");
            MAPPER.writeTree(g, data);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PreparedMessage(channel, out.toByteArray());
    }

    /** See {@link EncodedMessage#ofData}. */
    public static EncodedMessage ofData(String channel, List<ByteBuffer> dataParts) {
        byte[] head = ("{\"channel\":" + quoted(requireChannel(channel)) + ",\"data\":").getBytes(StandardCharsets.UTF_8);
        long size = head.length + 1L;
        for (ByteBuffer part : dataParts) {
            size += part.remaining();
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("A message of " + size + " bytes cannot be encoded");
        }
        byte[] json = new byte[(int) size];
        System.arraycopy(head, 0, json, 0, head.length);
        int pos = head.length;
        for (ByteBuffer part : dataParts) {
            int n = part.remaining();
            part.duplicate().get(json, pos, n);
            pos += n;
        }
        json[pos] = '}';
        return new PreparedMessage(channel, json);
    }

    /** The encoded form every queue shares. */
    Encoded encoded() {
        return encoded;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public int size() {
        return encoded.json().length;
    }

    @Override
    public String toString() {
        return "EncodedMessage[" + channel + ", " + size() + " bytes]";
    }

    private static String requireChannel(String channel) {
        if (channel == null || !Channels.isValid(channel) || Channels.isWildcard(channel)) {
            throw new IllegalArgumentException("Not a concrete channel: " + channel);
        }
        return channel;
    }

    private static String quoted(String channel) {
        // Valid channel names hold no character that JSON escapes (Channels.isValid), so quoting suffices.
        return '"' + channel + '"';
    }
}
