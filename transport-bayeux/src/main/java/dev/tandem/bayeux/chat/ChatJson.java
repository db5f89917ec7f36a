package dev.tandem.bayeux.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.chat.ChatMember;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatNotification;
import dev.tandem.core.chat.ChatOptions;
import dev.tandem.core.chat.ChatView;
import dev.tandem.core.chat.QueueChange;
import dev.tandem.core.chat.WaitingChat;
import dev.tandem.core.chat.WaitingList;
import java.util.List;

/**
 * The chat channels' JSON. Every reply and notification carries {@code "v":1}; userIds and message numbers are
 * numbers; absent nicknames and subjects are left out.
 */
final class ChatJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ChatJson() {
    }

    static ObjectNode envelope() {
        return JSON.objectNode().put("v", ChatRequests.WIRE_VERSION);
    }

    /** The answer of start, restore, accept and join. */
    static ObjectNode view(ChatView v, ObjectNode limits) {
        ObjectNode o = envelope()
                .put("chatId", v.chatId().toString())
                .put("userToken", v.userToken().value())
                .put("userId", v.userId())
                .put("role", v.role().wireName())
                .put("state", v.phase().wireName());
        v.subject().ifPresent(s -> o.put("subject", s));
        o.put("startTime", v.startTime());
        ArrayNode members = o.putArray("members");
        for (ChatMember m : v.members()) {
            members.add(member(m));
        }
        messages(o.putArray("messages"), v.messages());
        o.set("limits", limits);
        return o;
    }

    /** What clients need to know of the engine's bounds. */
    static ObjectNode limits(ChatOptions options) {
        return JSON.objectNode()
                .put("maxMessageLength", options.maxMessageLength())
                .put("maxMessages", options.maxMessages())
                .put("maxNicknameLength", options.maxNicknameLength())
                .put("maxSubjectLength", options.maxSubjectLength())
                .put("messageBurst", options.messageBurst())
                .put("messageWindowMs", options.messageWindow().toMillis())
                .put("maxIntervalMs", options.maxInterval().toMillis())
                .put("waitTimeoutMs", options.waitTimeout().toMillis());
    }

    static ObjectNode member(ChatMember m) {
        ObjectNode o = JSON.objectNode().put("userId", m.userId()).put("role", m.role().wireName());
        m.nickname().ifPresent(n -> o.put("nickname", n));
        return o.put("online", m.online());
    }

    static ObjectNode message(ChatMessage m) {
        ObjectNode o = JSON.objectNode()
                .put("seq", m.seq())
                .put("from", m.from())
                .put("kind", m.kind().wireName())
                .put("text", m.text());
        m.sessionToken().ifPresent(t -> o.put("sessionToken", t.value()));
        return o.put("time", m.time());
    }

    private static void messages(ArrayNode out, List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            out.add(message(m));
        }
    }

    /** The answer of send. */
    static ObjectNode posted(ChatMessage m) {
        ObjectNode o = envelope();
        o.set("message", message(m));
        return o;
    }

    /** A notification on {@code /service/chat/event}. */
    static ObjectNode event(ChatNotification n) {
        ObjectNode o = envelope();
        if (n instanceof ChatNotification.Message m) {
            o.put("type", "message").put("chatId", n.chatId().toString()).set("message", message(m.message()));
        } else if (n instanceof ChatNotification.Typing t) {
            o.put("type", "typing").put("chatId", n.chatId().toString()).put("userId", t.userId()).put("typing", t.typing());
        } else if (n instanceof ChatNotification.Joined j) {
            o.put("type", "joined").put("chatId", n.chatId().toString()).set("member", member(j.member()));
        } else if (n instanceof ChatNotification.Left l) {
            o.put("type", "left").put("chatId", n.chatId().toString()).put("userId", l.userId())
                    .put("reason", l.reason().wireName()).put("state", l.phase().wireName());
        } else if (n instanceof ChatNotification.Presence p) {
            o.put("type", "presence").put("chatId", n.chatId().toString()).put("userId", p.userId()).put("online", p.online());
        } else if (n instanceof ChatNotification.Ended e) {
            o.put("type", "ended").put("chatId", n.chatId().toString()).put("reason", e.reason().clientReason())
                    .put("endTime", e.endTime());
        }
        return o;
    }

    /** The answer of list. */
    static ObjectNode waiting(WaitingList list, boolean watching) {
        ObjectNode o = envelope().put("seq", list.seq()).put("watching", watching);
        ArrayNode chats = o.putArray("chats");
        for (WaitingChat c : list.chats()) {
            chats.add(waitingChat(c));
        }
        return o;
    }

    /** A notification on {@code /service/chat/queue}. */
    static ObjectNode queueChange(QueueChange change) {
        ObjectNode o = envelope();
        if (change instanceof QueueChange.Added a) {
            o.put("type", "added").put("seq", a.seq()).set("chat", waitingChat(a.chat()));
        } else if (change instanceof QueueChange.Removed r) {
            o.put("type", "removed").put("seq", r.seq()).put("chatId", r.chatId().toString())
                    .put("cause", r.cause().wireName());
        }
        return o;
    }

    private static ObjectNode waitingChat(WaitingChat c) {
        ObjectNode o = JSON.objectNode().put("chatId", c.chatId().toString());
        c.nickname().ifPresent(n -> o.put("nickname", n));
        c.subject().ifPresent(s -> o.put("subject", s));
        return o.put("startTime", c.startTime()).put("waitingSince", c.waitingSince());
    }
}
