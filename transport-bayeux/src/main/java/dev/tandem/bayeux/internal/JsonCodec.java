package dev.tandem.bayeux.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.DataReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Bayeux JSON: decodes a batch (a JSON array of message objects) element by element, checking types and
 * per-message sizes, and encodes messages. Thread-safe.
 */
final class JsonCodec {
    /**
     * Deepest JSON nesting accepted. A page snapshot nests two levels per DOM level (node, childNodes) below
     * seven levels of envelope, so this admits DOM trees about 250 elements deep; browsers' HTML parsers stop
     * nesting at 512 and real pages stay far below, while 64 (about 28 DOM levels) refused real pages.
     */
    static final int MAX_NESTING_DEPTH = 512;

    private final ObjectMapper mapper;
    private final int maxMessageBytes;
    private final int maxLargeMessageBytes;
    private final int maxBatchMessages;
    private final Predicate<String> largeChannel;
    private final Function<String, DataReader> dataReaders;

    JsonCodec(int maxMessageBytes, int maxLargeMessageBytes, int maxBatchMessages, Predicate<String> largeChannel) {
        this(maxMessageBytes, maxLargeMessageBytes, maxBatchMessages, largeChannel, channel -> null);
    }

    /** @param dataReaders a channel's own reader of its messages' {@code data}, or null (read as a tree) */
    JsonCodec(int maxMessageBytes, int maxLargeMessageBytes, int maxBatchMessages, Predicate<String> largeChannel,
              Function<String, DataReader> dataReaders) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(maxLargeMessageBytes)
                        .maxDocumentLength(maxLargeMessageBytes)
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory);
        this.maxMessageBytes = maxMessageBytes;
        this.maxLargeMessageBytes = maxLargeMessageBytes;
        this.maxBatchMessages = maxBatchMessages;
        this.largeChannel = largeChannel;
        this.dataReaders = dataReaders;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** Decodes one batch; never throws. */
    DecodedBatch decode(byte[] bytes) {
        if (bytes.length > maxLargeMessageBytes) {
            return tooLarge(bytes.length);
        }
        try {
            return decode(mapper.createParser(bytes), (from, to) -> Arrays.copyOfRange(bytes, (int) from, (int) to));
        } catch (IOException e) {
            return malformed(e);
        }
    }

    /**
     * Decodes one batch from {@code bytes} as they are (read, not copied: the tree made holds none of them; the
     * buffer's indexes do not move); never throws.
     */
    DecodedBatch decode(ByteBuf bytes) {
        int length = bytes.readableBytes();
        if (length > maxLargeMessageBytes) {
            return tooLarge(length);
        }
        int start = bytes.readerIndex();
        DataReader.Source source = (from, to) -> {
            byte[] out = new byte[(int) (to - from)];
            bytes.getBytes(start + (int) from, out);
            return out;
        };
        try {
            return decode(bytes.hasArray()
                    ? mapper.createParser(bytes.array(), bytes.arrayOffset() + start, length)
                    : mapper.createParser((InputStream) new ByteBufInputStream(bytes.duplicate())), source);
        } catch (IOException e) {
            return malformed(e);
        }
    }

    private DecodedBatch tooLarge(int length) {
        return DecodedBatch.failed(BayeuxError.MESSAGE_TOO_LARGE, "The batch is " + length + " bytes; at most " + maxLargeMessageBytes + " are accepted");
    }

    private static DecodedBatch malformed(IOException e) {
        return DecodedBatch.failed(BayeuxError.BAD_REQUEST, "Malformed JSON: " + firstLine(e.getMessage()));
    }

    private DecodedBatch decode(JsonParser parser, DataReader.Source source) {
        List<Decoded> out = new ArrayList<>();
        try (JsonParser p = parser) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                return DecodedBatch.failed(BayeuxError.BAD_REQUEST, "A Bayeux batch is a JSON array of message objects");
            }
            while (true) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    break;
                }
                if (t == null) {
                    return DecodedBatch.failed(BayeuxError.BAD_REQUEST, "Malformed JSON: unexpected end of input");
                }
                long start = p.currentTokenLocation().getByteOffset();
                JsonNode node = t == JsonToken.START_OBJECT ? readMessage(p, source) : p.readValueAsTree();
                long end = p.currentLocation().getByteOffset();
                if (out.size() == maxBatchMessages) {
                    return DecodedBatch.failed(BayeuxError.BAD_REQUEST, "A batch holds at most " + maxBatchMessages + " messages");
                }
                out.add(toMessage(node, (int) (end - start)));
            }
            if (p.nextToken() != null) {
                return DecodedBatch.failed(BayeuxError.BAD_REQUEST, "Malformed JSON: trailing content after the batch array");
            }
        } catch (IOException e) {
            return malformed(e);
        }
        return DecodedBatch.of(out);
    }

    /**
     * One message object, the parser on its START_OBJECT: the tree {@code readValueAsTree} makes (a repeated field
     * replaces the earlier one), except that the {@code data} of a channel with its own {@link DataReader} is read
     * by it — when the channel came first. A message that then names another channel is refused ({@code data} was
     * read for the first).
     */
    private ObjectNode readMessage(JsonParser p, DataReader.Source source) throws IOException {
        ObjectNode o = mapper.getNodeFactory().objectNode();
        String channel = null; // as named so far
        String readFor = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            DataReader reader = channel != null && value == JsonToken.START_OBJECT && name.equals("data")
                    ? dataReaders.apply(channel) : null;
            JsonNode node = reader != null ? reader.read(p, source) : value(p, value);
            if (reader != null) {
                readFor = channel;
            } else if (name.equals("channel")) {
                channel = node.textValue();
            }
            o.set(name, node);
        }
        if (readFor != null && !readFor.equals(channel)) {
            throw new JsonParseException(p, "a message names its channel twice, '" + readFor + "' and '"
                    + o.path("channel").asText() + "'");
        }
        return o;
    }

    /** The value at the parser, as {@code readValueAsTree} reads it; strings and literals without its set-up. */
    private JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> mapper.getNodeFactory().textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT
                    ? mapper.getNodeFactory().numberNode(p.getIntValue()) : p.readValueAsTree();
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            case VALUE_NULL -> NullNode.getInstance();
            default -> p.readValueAsTree();
        };
    }

    private Decoded toMessage(JsonNode node, int size) {
        if (node == null || !node.isObject()) {
            return new Decoded.Bad(null, null, BayeuxError.BAD_REQUEST, "Each element of a batch must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        String id = idOf(o.get("id"));
        JsonNode channelNode = o.get("channel");
        String channel = channelNode != null && channelNode.isTextual() ? channelNode.asText() : null;
        try {
            if (o.hasNonNull("id") && id == null) {
                throw new FieldException("'id' must be a string or a number");
            }
            if (channelNode == null || channelNode.isNull()) {
                throw new FieldException("'channel' is missing");
            }
            if (channel == null) {
                throw new FieldException("'channel' must be a string");
            }
            int limit = largeChannel.test(channel) ? maxLargeMessageBytes : maxMessageBytes;
            if (size > limit) {
                return new Decoded.Bad(id, channel, BayeuxError.MESSAGE_TOO_LARGE,
                        "The message is " + size + " bytes; at most " + limit + " are accepted on " + channel);
            }
            BayeuxMessage m = BayeuxMessage.builder(channel)
                    .id(id)
                    .clientId(text(o, "clientId"))
                    .data(o.hasNonNull("data") ? o.get("data") : null)
                    .ext(object(o, "ext"))
                    .advice(object(o, "advice"))
                    .successful(bool(o, "successful"))
                    .error(text(o, "error"))
                    .subscription(text(o, "subscription"))
                    .connectionType(text(o, "connectionType"))
                    .version(text(o, "version"))
                    .minimumVersion(text(o, "minimumVersion"))
                    .supportedConnectionTypes(textList(o, "supportedConnectionTypes"))
                    .build();
            return new Decoded.Ok(m, size);
        } catch (FieldException e) {
            return new Decoded.Bad(id, channel, BayeuxError.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            return new Decoded.Bad(id, channel, BayeuxError.BAD_REQUEST, "Unreadable message: " + e.getMessage());
        }
    }

    private static String idOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() || n.isNumber() ? n.asText() : null;
    }

    private static String text(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new FieldException("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static ObjectNode object(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new FieldException("'" + field + "' must be an object");
        }
        return (ObjectNode) n;
    }

    private static Boolean bool(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw new FieldException("'" + field + "' must be a boolean");
        }
        return n.asBoolean();
    }

    private static List<String> textList(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw new FieldException("'" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                throw new FieldException("'" + field + "' must be an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    /** Serialises one message to a JSON object. */
    Encoded encode(BayeuxMessage m) {
        if (isBare(m)) {
            return bare(m);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator g = mapper.createGenerator(bytes)) {
            g.writeStartObject();
            str(g, "id", m.id());
            str(g, "channel", m.channel());
            str(g, "clientId", m.clientId());
            if (m.successful() != null) {
                g.writeBooleanField("successful", m.successful());
            }
            str(g, "error", m.error());
            str(g, "subscription", m.subscription());
            str(g, "version", m.version());
            str(g, "minimumVersion", m.minimumVersion());
            if (m.supportedConnectionTypes() != null) {
                g.writeArrayFieldStart("supportedConnectionTypes");
                for (String s : m.supportedConnectionTypes()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            str(g, "connectionType", m.connectionType());
            tree(g, "advice", m.advice());
            tree(g, "ext", m.ext());
            tree(g, "data", m.data());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Encoded(bytes.toByteArray(), ChannelFamily.of(m.channel()));
    }

    /**
     * Whether {@code m} is one of the replies most messages get — {@code id}, {@code channel}, {@code successful}
     * and no {@code data} or an empty object — which {@link #bare} writes as the generator would.
     */
    private static boolean isBare(BayeuxMessage m) {
        return m.successful() != null && m.clientId() == null && m.error() == null && m.subscription() == null
                && m.version() == null && m.minimumVersion() == null && m.supportedConnectionTypes() == null
                && m.connectionType() == null && m.advice() == null && m.ext() == null
                && (m.data() == null || m.data().getClass() == ObjectNode.class && m.data().isEmpty());
    }

    private static final byte[] ID = ascii("{\"id\":\"");
    private static final byte[] CHANNEL_AFTER_ID = ascii("\",\"channel\":\"");
    private static final byte[] CHANNEL = ascii("{\"channel\":\"");
    private static final byte[] SUCCESSFUL = ascii("\",\"successful\":true");
    private static final byte[] UNSUCCESSFUL = ascii("\",\"successful\":false");
    private static final byte[] EMPTY_DATA = ascii(",\"data\":{}");

    /** A message {@link #isBare}, in the generator's order, without a generator (two replies per page-stream batch). */
    private static Encoded bare(BayeuxMessage m) {
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        byte[] id = m.id() == null ? null : quote.quoteAsUTF8(m.id());
        byte[] channel = quote.quoteAsUTF8(m.channel());
        byte[] successful = m.successful() ? SUCCESSFUL : UNSUCCESSFUL;
        boolean data = m.data() != null;
        int size = (id == null ? CHANNEL.length : ID.length + id.length + CHANNEL_AFTER_ID.length) + channel.length
                + successful.length + (data ? EMPTY_DATA.length : 0) + 1;
        byte[] out = new byte[size];
        int pos = id == null ? put(out, 0, CHANNEL) : put(out, put(out, put(out, 0, ID), id), CHANNEL_AFTER_ID);
        pos = put(out, put(out, pos, channel), successful);
        if (data) {
            pos = put(out, pos, EMPTY_DATA);
        }
        out[pos] = '}';
        return new Encoded(out, ChannelFamily.of(m.channel()));
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Joins encoded messages into one JSON array. */
    static byte[] array(List<Encoded> parts) {
        int size = 2 + Math.max(0, parts.size() - 1);
        for (Encoded e : parts) {
            size += e.json().length;
        }
        byte[] out = new byte[size];
        int pos = 0;
        out[pos++] = '[';
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out[pos++] = ',';
            }
            byte[] json = parts.get(i).json();
            System.arraycopy(json, 0, out, pos, json.length);
            pos += json.length;
        }
        out[pos] = ']';
        return out;
    }

    /** Joins encoded messages into one JSON array, in a buffer of {@code alloc} (pooled, direct: written to the socket as it is). */
    static ByteBuf array(List<Encoded> parts, ByteBufAllocator alloc) {
        int size = 2 + Math.max(0, parts.size() - 1);
        for (Encoded e : parts) {
            size += e.json().length;
        }
        ByteBuf out = alloc.buffer(size, size);
        out.writeByte('[');
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                out.writeByte(',');
            }
            out.writeBytes(parts.get(i).json());
        }
        out.writeByte(']');
        return out;
    }

    private static void str(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private void tree(JsonGenerator g, String name, JsonNode value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            writeNode(g, value);
        }
    }

    /**
     * Writes a tree straight to the generator: {@code ObjectMapper.writeTree} makes a serializer provider per
     * call, and replies are encoded for every message. Node kinds other than JSON's own go through the mapper.
     */
    private void writeNode(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (var it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    g.writeFieldName(e.getKey());
                    writeNode(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                if (n.getClass() != ArrayNode.class) {
                    mapper.writeTree(g, n); // a kind of array that serialises itself (e.g. as the bytes it was read from)
                    return;
                }
                g.writeStartArray();
                for (JsonNode e : n) {
                    writeNode(g, e);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> g.writeNumber(n.decimalValue());
                }
            }
            default -> mapper.writeTree(g, n);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static final class FieldException extends RuntimeException {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
