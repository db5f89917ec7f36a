package dev.tandem.bench.load.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the few Bayeux messages the generator sends and decodes what it receives, with Jackson's
 * streaming API: a page-stream message is scanned, not materialised — the generator reads its
 * {@code seq} and the first {@code t} inside {@code events} and skips the rest of the payload.
 */
final class Wire {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonFactory JSON = MAPPER.getFactory();

    static final String HANDSHAKE = "/meta/handshake";
    static final String CONNECT = "/meta/connect";
    static final String DISCONNECT = "/meta/disconnect";
    static final String CREATE = "/service/session/create";
    static final String JOIN = "/service/session/join";
    static final String STREAM = "/service/session/stream";
    static final String EXIT = "/service/session/exit";
    static final String CONTROL = "/service/session/control";

    /** Wire-format version mark of the page stream. */
    static final int STREAM_VERSION = 1;

    private Wire() {
    }

    static byte[] handshake(String id, String connectionType) {
        return write(g -> {
            g.writeStringField("channel", HANDSHAKE);
            g.writeStringField("version", "1.0");
            g.writeStringField("minimumVersion", "1.0");
            g.writeArrayFieldStart("supportedConnectionTypes");
            g.writeString(connectionType);
            g.writeEndArray();
            g.writeStringField("id", id);
        });
    }

    /** The first connect asks for an immediate reply ({@code advice.timeout 0}), as CometD clients do. */
    static byte[] connect(String clientId, String id, String connectionType, boolean first) {
        return write(g -> {
            g.writeStringField("channel", CONNECT);
            g.writeStringField("clientId", clientId);
            g.writeStringField("connectionType", connectionType);
            g.writeStringField("id", id);
            if (first) {
                g.writeObjectFieldStart("advice");
                g.writeNumberField("timeout", 0);
                g.writeEndObject();
            }
        });
    }

    static byte[] disconnect(String clientId, String id) {
        return write(g -> {
            g.writeStringField("channel", DISCONNECT);
            g.writeStringField("clientId", clientId);
            g.writeStringField("id", id);
        });
    }

    static byte[] publish(String clientId, String id, String channel, JsonNode data) {
        return write(g -> {
            g.writeStringField("channel", channel);
            g.writeStringField("clientId", clientId);
            g.writeStringField("id", id);
            g.writeFieldName("data");
            MAPPER.writeTree(g, data);
        });
    }

    /**
     * A master's page-stream message: {@code data = {userToken, v, seq, snapshot?, events:[one rrweb custom
     * event carrying the intended send time t (System.nanoTime) and the filler]}}. {@code snapshot} marks
     * the batch that starts a new baseline (the first one, and the one answering a server's resync).
     */
    static byte[] stream(String channel, String clientId, String id, String userToken, long seq, long t,
                         String filler, boolean snapshot) {
        return write(g -> {
            g.writeStringField("channel", channel);
            g.writeStringField("clientId", clientId);
            g.writeStringField("id", id);
            g.writeObjectFieldStart("data");
            g.writeStringField("userToken", userToken);
            streamBody(g, seq, t, filler, snapshot);
            g.writeEndObject();
        });
    }

    /** The raw relay's frame: the same {@code {v, seq, snapshot?, events}} without Bayeux around it. */
    static byte[] rawStream(long seq, long t, String filler, boolean snapshot) {
        ByteArrayBuilder out = new ByteArrayBuilder(filler.length() + 128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            streamBody(g, seq, t, filler, snapshot);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void streamBody(JsonGenerator g, long seq, long t, String filler, boolean snapshot)
            throws IOException {
        g.writeNumberField("v", STREAM_VERSION);
        g.writeNumberField("seq", seq);
        if (snapshot) {
            g.writeBooleanField("snapshot", true);
        }
        g.writeArrayFieldStart("events");
        g.writeStartObject();
        g.writeNumberField("type", 5); // rrweb EventType.Custom
        g.writeNumberField("timestamp", System.currentTimeMillis());
        g.writeObjectFieldStart("data");
        g.writeStringField("tag", "tandem-bench");
        g.writeObjectFieldStart("payload");
        g.writeNumberField("t", t);
        g.writeStringField("fill", filler);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
    }

    /** A deterministic ASCII filler that needs no escaping. */
    static String filler(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt((i * 7 + i / alphabet.length()) % alphabet.length()));
        }
        return sb.toString();
    }

    /** A Bayeux batch (an array of messages) or a single message. */
    static List<Inbound> decode(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            JsonToken token = p.nextToken();
            List<Inbound> out = new ArrayList<>(2);
            if (token == JsonToken.START_ARRAY) {
                while ((token = p.nextToken()) == JsonToken.START_OBJECT) {
                    out.add(message(p));
                }
                if (token != JsonToken.END_ARRAY) {
                    throw new IOException("a Bayeux batch holds only message objects, found " + token);
                }
            } else if (token == JsonToken.START_OBJECT) {
                out.add(message(p));
            } else {
                throw new IOException("not a Bayeux message: starts with " + token);
            }
            return out;
        }
    }

    /** A raw relay frame: the stream data object itself. */
    static Inbound decodeRaw(byte[] bytes, int offset, int length) throws IOException {
        try (JsonParser p = JSON.createParser(bytes, offset, length)) {
            p.nextToken();
            DataScan scan = data(p);
            return new Inbound(STREAM, null, null, null, null, null, scan.node, scan.seq, scan.t, scan.events);
        }
    }

    private static Inbound message(JsonParser p) throws IOException {
        String channel = null;
        String id = null;
        String clientId = null;
        String error = null;
        Boolean successful = null;
        JsonNode advice = null;
        DataScan data = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "channel" -> channel = p.getValueAsString();
                case "id" -> id = p.getValueAsString();
                case "clientId" -> clientId = p.getValueAsString();
                case "error" -> error = p.getValueAsString();
                case "successful" -> successful = value == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                case "advice" -> advice = p.readValueAsTree();
                case "data" -> data = data(p);
                default -> p.skipChildren();
            }
        }
        if (data == null) {
            return new Inbound(channel, id, successful, clientId, error, advice, null, -1, Inbound.NO_TIME, 0);
        }
        return new Inbound(channel, id, successful, clientId, error, advice, data.node, data.seq, data.t, data.events);
    }

    private static DataScan data(JsonParser p) throws IOException {
        DataScan scan = new DataScan();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            scan.node = MAPPER.createObjectNode();
            scan.node.set("value", p.readValueAsTree());
            return scan;
        }
        scan.node = MAPPER.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("events".equals(name) && value == JsonToken.START_ARRAY) {
                scanEvents(p, scan);
            } else if ("seq".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                scan.seq = p.getLongValue();
                scan.node.put("seq", scan.seq);
            } else {
                scan.node.set(name, p.readValueAsTree());
            }
        }
        return scan;
    }

    /** Counts the events and finds the first integer field named {@code t}; strings are skipped unread. */
    private static void scanEvents(JsonParser p, DataScan scan) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken token = p.nextToken();
            if (token == null) {
                throw new IOException("events array ends early");
            }
            switch (token) {
                case START_OBJECT, START_ARRAY -> {
                    if (depth == 1) {
                        scan.events++;
                    }
                    depth++;
                }
                case END_OBJECT, END_ARRAY -> depth--;
                case FIELD_NAME -> {
                    if (scan.t == Inbound.NO_TIME && "t".equals(p.currentName())) {
                        JsonToken value = p.nextToken();
                        if (value == JsonToken.VALUE_NUMBER_INT) {
                            scan.t = p.getLongValue();
                        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            depth++;
                        }
                    }
                }
                default -> {
                    if (depth == 1) {
                        scan.events++;
                    }
                }
            }
        }
    }

    private static final class DataScan {
        ObjectNode node;
        long seq = -1;
        long t = Inbound.NO_TIME;
        int events;
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
