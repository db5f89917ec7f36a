package dev.tandem.bayeux.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatStartRequest;
import dev.tandem.core.chat.MessageContent;
import java.util.Optional;

/**
 * Reads the {@code data} of chat requests, strictly: a wrong or missing field fails with
 * {@link InvalidRequestException} (→ {@code 400}) before anything reaches the engine. Every chat request carries
 * the versioned envelope's {@code "v":1}, checked first.
 */
final class ChatRequests {
    /** The version of Tandem's wire envelope this server speaks (the co-browse page channels' too). */
    static final int WIRE_VERSION = 1;

    /** {@code restore}'s fields. */
    record Restore(ChatId chatId, UserToken userToken, int since) {
    }

    /** {@code send}'s fields. */
    record Send(UserToken userToken, MessageContent content) {
    }

    /** {@code typing}'s fields. */
    record Typing(UserToken userToken, boolean typing) {
    }

    private ChatRequests() {
    }

    /** {@code start}: {@code {"v":1,"nickname"?,"subject"?}}. */
    static ChatStartRequest start(JsonNode data) {
        envelope(data, "start", "{\"v\":1,\"nickname\":\"John\",\"subject\":\"Order 1234\"}");
        return new ChatStartRequest(optionalString(data, "nickname"), optionalString(data, "subject"));
    }

    /** {@code agent}: {@code {"v":1,"nickname"?}}. */
    static Optional<String> agent(JsonNode data) {
        envelope(data, "agent", "{\"v\":1,\"nickname\":\"Bob\"}");
        return optionalString(data, "nickname");
    }

    /** {@code list}: {@code {"v":1,"watch"?:true|false}}; empty {@code watch} leaves watching as it is. */
    static Optional<Boolean> list(JsonNode data) {
        envelope(data, "list", "{\"v\":1,\"watch\":true}");
        JsonNode watch = data.get("watch");
        if (watch == null || watch.isNull()) {
            return Optional.empty();
        }
        if (!watch.isBoolean()) {
            throw new InvalidRequestException("'watch' must be true or false (or absent)");
        }
        return Optional.of(watch.asBoolean());
    }

    /** {@code accept}, {@code join}: {@code {"v":1,"chatId"}}. */
    static ChatId chatId(JsonNode data, String command) {
        envelope(data, command, "{\"v\":1,\"chatId\":\"3f1b2c9e-…\"}");
        return chatId(data);
    }

    /** {@code restore}: {@code {"v":1,"chatId","userToken","since"?}}. */
    static Restore restore(JsonNode data) {
        envelope(data, "restore", "{\"v\":1,\"chatId\":\"3f1b2c9e-…\",\"userToken\":\"…\",\"since\":0}");
        ChatId chatId = chatId(data);
        UserToken token = userToken(data);
        JsonNode since = data.get("since");
        int n = 0;
        if (since != null && !since.isNull()) {
            if (!since.isIntegralNumber() || !since.canConvertToInt() || since.asInt() < 0) {
                throw new InvalidRequestException("'since' must be 0 or the number (seq) of the last message you have");
            }
            n = since.asInt();
        }
        return new Restore(chatId, token, n);
    }

    /**
     * {@code send}: {@code {"v":1,"userToken","text"}}, or {@code {"v":1,"userToken","kind":"cobrowse","sessionToken"}}.
     */
    static Send send(JsonNode data) {
        envelope(data, "send", "{\"v\":1,\"userToken\":\"…\",\"text\":\"Hello\"}");
        UserToken token = userToken(data);
        String kind = optionalString(data, "kind").orElse("text");
        switch (kind) {
            case "text" -> {
                String text = optionalString(data, "text").orElseThrow(() -> new InvalidRequestException(
                        "'text' is missing: send the message as a string"));
                return new Send(token, new MessageContent.Text(text));
            }
            case "cobrowse" -> {
                String session = optionalString(data, "sessionToken").orElseThrow(() -> new InvalidRequestException(
                        "'sessionToken' is missing: a cobrowse message carries the 9-digit co-browse session token"));
                if (!SessionToken.isWellFormed(session)) {
                    throw new InvalidRequestException("'sessionToken' must be a string of 9 digits, e.g. \"123456789\"");
                }
                return new Send(token, new MessageContent.Cobrowse(new SessionToken(session)));
            }
            default -> throw new InvalidRequestException("'kind' must be \"text\" (the default) or \"cobrowse\"");
        }
    }

    /** {@code typing}: {@code {"v":1,"userToken","typing":true|false}}. */
    static Typing typing(JsonNode data) {
        envelope(data, "typing", "{\"v\":1,\"userToken\":\"…\",\"typing\":true}");
        UserToken token = userToken(data);
        JsonNode typing = data.get("typing");
        if (typing == null || !typing.isBoolean()) {
            throw new InvalidRequestException("'typing' must be true (started typing) or false (stopped)");
        }
        return new Typing(token, typing.asBoolean());
    }

    /** {@code leave}, {@code end}: {@code {"v":1,"userToken"}}. */
    static UserToken member(JsonNode data, String command) {
        envelope(data, command, "{\"v\":1,\"userToken\":\"…\"}");
        return userToken(data);
    }

    private static void envelope(JsonNode data, String command, String example) {
        if (!data.isObject()) {
            throw new InvalidRequestException("The " + command + " request's data must be an object, e.g. " + example);
        }
        JsonNode v = data.get("v");
        if (v == null || v.isNull()) {
            throw new InvalidRequestException("'v' is missing: this server speaks wire version " + WIRE_VERSION
                    + "; deploy matching server and client versions");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() != WIRE_VERSION) {
            String shown = v.toString();
            throw new InvalidRequestException("wire version " + (shown.length() <= 40 ? shown : shown.substring(0, 40) + "…")
                    + " is not supported by this server (it speaks " + WIRE_VERSION
                    + "); deploy matching server and client versions");
        }
    }

    private static ChatId chatId(JsonNode data) {
        String text = optionalString(data, "chatId").orElseThrow(() -> new InvalidRequestException(
                "'chatId' is missing: send the id of the chat"));
        return ChatId.parse(text).orElseThrow(() -> new InvalidRequestException(
                "'chatId' must be a chat id, a UUID such as \"3f1b2c9e-5d1a-4c7e-9a8b-0c1d2e3f4a5b\""));
    }

    private static UserToken userToken(JsonNode data) {
        String text = optionalString(data, "userToken").orElseThrow(() -> new InvalidRequestException(
                "'userToken' is missing: send the userToken the server gave you in this chat"));
        if (!UserToken.isWellFormed(text)) {
            throw new InvalidRequestException("'userToken' is not a userToken: send the one the server gave you in this chat");
        }
        return new UserToken(text);
    }

    private static Optional<String> optionalString(JsonNode data, String field) {
        JsonNode n = data.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new InvalidRequestException("'" + field + "' must be a string");
        }
        return Optional.of(n.asText());
    }
}
