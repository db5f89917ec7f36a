package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.DataReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the data of {@code /service/session/stream} so that a batch costs the server little more than its bytes:
 * its {@code events} become {@link PageEvents} — the master's own bytes of the array, passed on as they came
 * instead of serialised again from a tree, and trees of only the events {@link MaskCheck} reads (full snapshots,
 * Meta, mutations, input). The others — pointer, scroll, custom events, most of a page's stream — are summarised
 * by type (and source) and skipped by the parser, their strings never made.
 *
 * <p>That needs an event's {@code type} (and an incremental snapshot's {@code data.source}) before the rest, as
 * rrweb writes them; an event in another order is read whole. A skipped event that names its {@code type} (or
 * {@code data}, or {@code data.source}) again is refused: browsers keep the last of repeated keys, so the summary
 * would not be what the agents' browsers see. Everything else in the data is read as a tree.
 */
final class StreamDataReader implements DataReader {
    static final StreamDataReader INSTANCE = new StreamDataReader();

    private static final int FULL_SNAPSHOT = 2;
    private static final int INCREMENTAL = 3;
    private static final int META = 4;
    private static final int MUTATION = 0;
    private static final int INPUT = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamDataReader() {
    }

    @Override
    public JsonNode read(JsonParser p, Source source) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAsTree();
        }
        ObjectNode data = NODES.objectNode();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("events") && value == JsonToken.START_ARRAY) {
                long from = p.currentTokenLocation().getByteOffset();
                if (from >= 0) { // a parser of characters (the input was not UTF-8) has no byte offsets
                    List<JsonNode> events = events(p);
                    long to = p.currentTokenLocation().getByteOffset() + 1; // past the one-byte ']'
                    data.set(name, new PageEvents(NODES, events, source.copy(from, to)));
                    continue;
                }
            }
            data.set(name, value(p, value));
        }
        return data;
    }

    /** A value as {@code readValueAsTree} reads it; strings, ints and literals without its set-up. */
    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.INT ? NODES.numberNode(p.getIntValue()) : p.readValueAsTree();
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            default -> p.readValueAsTree();
        };
    }

    /** The parser on the array's START_ARRAY; leaves it on its END_ARRAY. */
    private static List<JsonNode> events(JsonParser p) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            out.add(t == JsonToken.START_OBJECT ? event(p, out.size()) : p.readValueAsTree());
        }
        return out;
    }

    /** The parser on the event's START_OBJECT; leaves it on its END_OBJECT. */
    private static JsonNode event(JsonParser p, int index) throws IOException {
        ObjectNode event = NODES.objectNode();
        JsonToken t = p.nextToken();
        if (t != JsonToken.FIELD_NAME || !p.currentName().equals("type")) {
            return rest(p, event, t);
        }
        int type = intValue(p, p.nextToken());
        if (type < 0) {
            event.set("type", p.readValueAsTree());
            return rest(p, event, p.nextToken());
        }
        event.put("type", type);
        if (type == FULL_SNAPSHOT || type == META) {
            return rest(p, event, p.nextToken());
        }
        if (type != INCREMENTAL) {
            skipRest(p, index, "type", null);
            return event;
        }
        t = p.nextToken();
        if (t != JsonToken.FIELD_NAME || !p.currentName().equals("data")) {
            return rest(p, event, t);
        }
        if (p.nextToken() != JsonToken.START_OBJECT) {
            event.set("data", p.readValueAsTree());
            return rest(p, event, p.nextToken());
        }
        ObjectNode data = event.putObject("data");
        t = p.nextToken();
        if (t != JsonToken.FIELD_NAME || !p.currentName().equals("source")) {
            rest(p, data, t);
            return rest(p, event, p.nextToken());
        }
        int source = intValue(p, p.nextToken());
        if (source < 0) {
            data.set("source", p.readValueAsTree());
        } else {
            data.put("source", source);
        }
        if (source < 0 || source == MUTATION || source == INPUT) {
            rest(p, data, p.nextToken());
            return rest(p, event, p.nextToken());
        }
        skipRest(p, index, "source", null);
        skipRest(p, index, "type", "data");
        return event;
    }

    /** The value at {@code t} if it is a non-negative int; -1 otherwise (the parser stays on it). */
    private static int intValue(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            int v = p.getIntValue();
            return v >= 0 ? v : -1;
        }
        return -1;
    }

    /** Reads the object's remaining fields into {@code into}, from {@code t} (a field name or its END_OBJECT). */
    private static ObjectNode rest(JsonParser p, ObjectNode into, JsonToken t) throws IOException {
        for (; t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            into.set(name, value(p, p.nextToken()));
        }
        return into;
    }

    /** Skips the object's remaining fields (to its END_OBJECT), refusing a repeat of {@code kept} or {@code kept2}. */
    private static void skipRest(JsonParser p, int index, String kept, String kept2) throws IOException {
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            if (name.equals(kept) || name.equals(kept2)) {
                throw new JsonParseException(p, "events[" + index + "] names '" + name + "' twice");
            }
            p.nextToken();
            p.skipChildren();
        }
    }
}
