package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code events} of one page-stream batch as {@link StreamDataReader} read them: the master's own bytes of
 * the array (UTF-8 JSON, checked by the parser), which is what is passed on and what this node serialises as,
 * and as elements the trees of the events {@link MaskCheck} reads — whole — and a summary of each other one:
 * its {@code type}, and for an incremental snapshot its {@code data.source}, which is all the check and the
 * request's validation look at in them. Read-only.
 */
final class PageEvents extends ArrayNode {
    private static final long serialVersionUID = 1L;
    private final byte[] json;

    PageEvents(JsonNodeFactory nodes, List<JsonNode> events, byte[] json) {
        super(nodes, events);
        this.json = json;
    }

    /** The master's bytes of the array, brackets included; not to be modified. */
    byte[] json() {
        return json;
    }

    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        g.writeRawValue(new String(json, StandardCharsets.UTF_8));
    }

    /** As {@link #serialize}: a tree carries no type ids. */
    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
            throws IOException {
        serialize(g, provider);
    }

    /** The master's bytes (Jackson's own {@code toString} walks the elements: the summaries). */
    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public ArrayNode deepCopy() {
        List<JsonNode> copies = new ArrayList<>(size());
        for (JsonNode e : this) {
            copies.add(e.deepCopy());
        }
        return new PageEvents(_nodeFactory, copies, json);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageEvents other && Arrays.equals(json, other.json);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(json);
    }
}
