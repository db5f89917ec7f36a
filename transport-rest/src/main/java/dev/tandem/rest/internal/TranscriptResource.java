package dev.tandem.rest.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.history.ChatTranscript;
import dev.tandem.core.history.TranscriptStore;
import java.util.OptionalLong;
import reactor.core.publisher.Mono;

/**
 * {@code GET /history/chats/{chatId}}: a chat's transcript. An ended chat's is complete; a live chat's is returned
 * as it stands ({@code endTime: null}). The message objects have the chat channels' shape ({@code docs/chat.md}).
 */
final class TranscriptResource {
    /** Null when the server keeps no transcripts. */
    private final TranscriptStore store;

    TranscriptResource(TranscriptStore store) {
        this.store = store;
    }

    Mono<Reply> get(String id) {
        var parsed = ChatId.parse(id);
        if (parsed.isEmpty()) {
            return Mono.error(new HttpErrorException(HttpError.badRequest(
                    "'" + RestRouter.abbreviate(id) + "' is not a chat id; it is a UUID such as "
                            + "3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b (the chatId of the chat channels)")));
        }
        if (store == null) {
            return Mono.error(new HttpErrorException(HttpError.notFound(
                    "This server keeps no chat transcripts (no transcript store is configured)")));
        }
        return store.find(parsed.get())
                .map(transcript -> Reply.ok(json(transcript)))
                .switchIfEmpty(Mono.error(() -> new HttpErrorException(HttpError.notFound(
                        "No chat transcript with id " + id + "; it never existed or has expired"))));
    }

    static ObjectNode json(ChatTranscript t) {
        ObjectNode node = Json.object().put("chatId", t.id().toString());
        t.subject().ifPresentOrElse(s -> node.put("subject", s), () -> node.putNull("subject"));
        node.put("startTime", t.startTime());
        putTime(node, "endTime", t.endTime());
        t.endReason().ifPresentOrElse(r -> node.put("endReason", r.clientReason()), () -> node.putNull("endReason"));
        ArrayNode participants = node.putArray("participants");
        for (ChatTranscript.Participant p : t.participants()) {
            ObjectNode o = participants.addObject().put("userId", p.userId()).put("role", p.role().wireName());
            p.nickname().ifPresentOrElse(n -> o.put("nickname", n), () -> o.putNull("nickname"));
            o.put("joinTime", p.joinTime());
            putTime(o, "leftTime", p.leftTime());
            p.leftReason().ifPresentOrElse(r -> o.put("leftReason", r.wireName()), () -> o.putNull("leftReason"));
        }
        ArrayNode messages = node.putArray("messages");
        for (ChatMessage m : t.messages()) {
            ObjectNode o = messages.addObject()
                    .put("seq", m.seq())
                    .put("from", m.from())
                    .put("kind", m.kind().wireName())
                    .put("text", m.text());
            m.sessionToken().ifPresent(token -> o.put("sessionToken", token.value()));
            o.put("time", m.time());
        }
        return node;
    }

    private static void putTime(ObjectNode node, String field, OptionalLong time) {
        if (time.isPresent()) {
            node.put(field, time.getAsLong());
        } else {
            node.putNull(field);
        }
    }
}
