package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Member;

/**
 * The seed's JSON shapes. Note its quirk, kept on purpose: {@code userId} is a <em>number</em> in the join
 * response but a <em>string</em> in {@code users[]} and in the {@code joined} notification.
 */
final class CobrowseJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CobrowseJson() {
    }

    static ObjectNode created(String sessionToken) {
        return JSON.objectNode().put("sessionToken", sessionToken);
    }

    static ObjectNode joined(JoinResult r) {
        ObjectNode o = JSON.objectNode();
        o.put("userToken", r.userToken().value());
        o.put("userId", r.userId());
        ArrayNode users = o.putArray("users");
        for (Member m : r.users()) {
            users.add(member(m));
        }
        o.put("sessionHistoryId", r.historyId().toString());
        return o;
    }

    /** {@code {"userId":"2","role":2,"name":"Bob"}}; {@code name} omitted when absent. */
    static ObjectNode member(Member m) {
        ObjectNode o = JSON.objectNode();
        o.put("userId", Integer.toString(m.userId()));
        o.put("role", m.role().code());
        m.name().ifPresent(n -> o.put("name", n));
        return o;
    }

    static ObjectNode empty() {
        return JSON.objectNode();
    }
}
