package dev.tandem.core.chat.internal;

import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.internal.RecentlyEnded;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Maps chat id → actor and userToken → actor, counts live chats against their bound, remembers recently ended
 * chats and holds the waiting list. Lock-free but for the waiting list; shared by the engine and every actor.
 */
final class ChatRegistry {
    private final Map<ChatId, ChatActor> chats = new ConcurrentHashMap<>();
    private final Map<UserToken, ChatActor> members = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final int maxLive;
    private final RecentlyEnded<ChatId> ended;
    private final WaitingQueue waiting;

    ChatRegistry(int maxLive, RecentlyEnded<ChatId> ended, WaitingQueue waiting) {
        this.maxLive = maxLive;
        this.ended = ended;
        this.waiting = waiting;
    }

    /** Takes one of the live-chat slots; false when all are taken. */
    boolean reserve() {
        if (live.incrementAndGet() > maxLive) {
            live.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        live.decrementAndGet();
    }

    int live() {
        return live.get();
    }

    /** Registers {@code actor} under its id; false when the id is taken. */
    boolean register(ChatActor actor) {
        return !ended.contains(actor.id()) && chats.putIfAbsent(actor.id(), actor) == null;
    }

    /** The chat ended: remember its id, drop it and free its slot. */
    void ended(ChatActor actor) {
        ended.remember(actor.id());
        if (chats.remove(actor.id(), actor)) {
            release();
        }
    }

    /** The chat was refused its start: drop it and free its slot, without remembering it as ended. */
    void abandon(ChatActor actor) {
        if (chats.remove(actor.id(), actor)) {
            release();
        }
    }

    ChatActor chat(ChatId id) {
        return chats.get(id);
    }

    boolean endedRecently(ChatId id) {
        return ended.contains(id);
    }

    Collection<ChatActor> chats() {
        return List.copyOf(chats.values());
    }

    void addMember(UserToken token, ChatActor actor) {
        members.put(token, actor);
    }

    void removeMember(UserToken token, ChatActor actor) {
        members.remove(token, actor);
    }

    ChatActor member(UserToken token) {
        return members.get(token);
    }

    int memberCount() {
        return members.size();
    }

    WaitingQueue waiting() {
        return waiting;
    }
}
