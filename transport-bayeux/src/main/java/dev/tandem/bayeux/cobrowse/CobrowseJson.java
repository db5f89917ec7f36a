package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.core.JoinResult;
import dev.tandem.core.Member;
import dev.tandem.core.PageRules;
import java.util.List;

/**
 * The seed's JSON shapes, and Tandem's. Note the seed's quirk, kept on purpose: {@code userId} is a
 * <em>number</em> in the join response but a <em>string</em> in {@code users[]} and in the {@code joined}
 * notification (and in a control message's {@code from}).
 */
final class CobrowseJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** To the master on {@code /service/session/control}: send a new snapshot batch. */
    static final EncodedMessage SERVER_RESYNC = EncodedMessage.of(CobrowseServices.CONTROL,
            JSON.objectNode().put("v", CobrowseRequests.WIRE_VERSION).put("type", "resync").put("from", "server"));

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

    /** A control notification: the request's body with {@code from} (the sender's userId, a string) set. */
    static EncodedMessage control(ObjectNode body, int fromUserId) {
        ObjectNode data = JSON.objectNode();
        data.setAll(body);
        data.put("from", Integer.toString(fromUserId));
        return EncodedMessage.of(CobrowseServices.CONTROL, data);
    }

    /** {@code {"v":1,"type":"resync"}} from an agent, as its control message would be. */
    static EncodedMessage agentResync(int fromUserId) {
        return control(JSON.objectNode().put("v", CobrowseRequests.WIRE_VERSION).put("type", "resync"), fromUserId);
    }

    /** The rules reply: {@code {"v":1,"mask":[{"selector","url"?}],"readonly":[{"selector","url"?}]}}. */
    static ObjectNode rules(PageRules rules) {
        ObjectNode o = JSON.objectNode().put("v", CobrowseRequests.WIRE_VERSION);
        addRules(o.putArray("mask"), rules.mask());
        addRules(o.putArray("readonly"), rules.readOnly());
        return o;
    }

    private static void addRules(ArrayNode out, List<PageRules.Rule> rules) {
        for (PageRules.Rule r : rules) {
            ObjectNode e = out.addObject().put("selector", r.selector());
            r.urlPattern().ifPresent(u -> e.put("url", u));
        }
    }

    static ObjectNode empty() {
        return JSON.objectNode();
    }
}
