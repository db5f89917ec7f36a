package dev.tandem.core.chat.internal;

import dev.tandem.core.CapacityException;
import dev.tandem.core.ShuttingDownException;
import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatEngine;
import dev.tandem.core.chat.ChatId;
import dev.tandem.core.chat.ChatMessage;
import dev.tandem.core.chat.ChatOptions;
import dev.tandem.core.chat.ChatParticipant;
import dev.tandem.core.chat.ChatStartRequest;
import dev.tandem.core.chat.ChatView;
import dev.tandem.core.chat.MessageContent;
import dev.tandem.core.chat.QueueListener;
import dev.tandem.core.chat.WaitingList;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.core.internal.RecentlyEnded;
import dev.tandem.core.internal.Tokens;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * The {@link ChatEngine}: routes each command to its chat's {@link ChatActor} through the {@link ChatRegistry}.
 * Every returned {@link Mono} is cold: the command is sent on subscription.
 */
public final class DefaultChatEngine implements ChatEngine {
    /** How long an ended chat's id still answers "has ended" instead of "unknown". */
    static final Duration ENDED_MEMORY = Duration.ofMinutes(10);
    /** The fewest ended ids remembered, whatever {@link ChatOptions#maxLiveChats()} says. */
    static final int MIN_ENDED_CAPACITY = 1_000;
    private static final int ID_ATTEMPTS = 10;

    private final ChatRegistry registry;
    private final ChatActor.Context context;
    private final Tokens tokens;
    private volatile boolean shuttingDown;

    public DefaultChatEngine(ChatOptions options, Scheduler scheduler, TranscriptStore transcripts, Random random) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(transcripts, "transcripts");
        Objects.requireNonNull(random, "random");
        RecentlyEnded<ChatId> ended = new RecentlyEnded<>(ENDED_MEMORY.toMillis(),
                Math.max(MIN_ENDED_CAPACITY, options.maxLiveChats()), () -> scheduler.now(TimeUnit.MILLISECONDS));
        this.registry = new ChatRegistry(options.maxLiveChats(), ended, new WaitingQueue(options.maxQueueWatchers()));
        this.context = new ChatActor.Context(options, new ChatDecider(options), registry, scheduler, transcripts);
        this.tokens = new Tokens(random);
    }

    @Override
    public Mono<ChatView> start(ChatStartRequest request, ChatParticipant customer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(customer, "customer");
        return Mono.create(sink -> {
            if (shuttingDown) {
                sink.error(shuttingDownError());
                return;
            }
            if (!registry.reserve()) {
                sink.error(new CapacityException("This server holds its maximum of " + context.options().maxLiveChats()
                        + " live chats; retry later"));
                return;
            }
            ChatActor actor = register();
            if (actor == null) {
                registry.release();
                sink.error(new CapacityException("No free chat id was found; retry"));
                return;
            }
            actor.tell(new ChatCommand.Start(request, tokens.userToken()), customer, erase(sink));
            if (shuttingDown) {
                actor.tell(new ChatCommand.Shutdown(), null, null); // shutdown() may not have seen this chat
            }
        });
    }

    private ChatActor register() {
        for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
            ChatActor actor = new ChatActor(new ChatId(tokens.randomUuid()), context);
            if (registry.register(actor)) {
                return actor;
            }
        }
        return null;
    }

    @Override
    public Mono<ChatView> restore(ChatId chatId, UserToken userToken, int since, ChatParticipant participant) {
        Objects.requireNonNull(userToken, "userToken");
        return toChat(chatId, participant, () -> new ChatCommand.Restore(userToken, since));
    }

    @Override
    public Mono<ChatView> accept(ChatId chatId, Optional<String> nickname, ChatParticipant agent) {
        Objects.requireNonNull(nickname, "nickname");
        return toChat(chatId, agent, () -> new ChatCommand.Enter(nickname, tokens.userToken(), true));
    }

    @Override
    public Mono<ChatView> join(ChatId chatId, Optional<String> nickname, ChatParticipant agent) {
        Objects.requireNonNull(nickname, "nickname");
        return toChat(chatId, agent, () -> new ChatCommand.Enter(nickname, tokens.userToken(), false));
    }

    /** Sends a command that brings {@code participant} into the chat {@code chatId}; refused while shutting down. */
    private <T> Mono<T> toChat(ChatId chatId, ChatParticipant participant, java.util.function.Supplier<ChatCommand> command) {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(participant, "participant");
        return Mono.create(sink -> {
            if (shuttingDown) {
                sink.error(shuttingDownError());
                return;
            }
            ChatActor actor = registry.chat(chatId);
            if (actor == null) {
                sink.error(registry.endedRecently(chatId) ? ChatDecider.ended(chatId) : ChatDecider.unknownChat(chatId));
                return;
            }
            actor.tell(command.get(), participant, erase(sink));
        });
    }

    @Override
    public Mono<ChatMessage> send(UserToken from, MessageContent content) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(content, "content");
        return askMember(from, new ChatCommand.Send(from, content));
    }

    @Override
    public Mono<Void> typing(UserToken from, boolean typing) {
        Objects.requireNonNull(from, "from");
        return askMember(from, new ChatCommand.Typing(from, typing));
    }

    @Override
    public Mono<Void> leave(UserToken member) {
        Objects.requireNonNull(member, "member");
        return askMember(member, new ChatCommand.Leave(member));
    }

    @Override
    public Mono<Void> end(UserToken member) {
        Objects.requireNonNull(member, "member");
        return askMember(member, new ChatCommand.End(member));
    }

    @Override
    public void disconnected(UserToken member, ChatParticipant participant) {
        if (member == null || participant == null) {
            return;
        }
        ChatActor actor = registry.member(member);
        if (actor != null) {
            actor.tell(new ChatCommand.Disconnect(member), participant, null);
        }
    }

    @Override
    public Mono<WaitingList> waiting() {
        return Mono.fromSupplier(() -> registry.waiting().snapshot());
    }

    @Override
    public Mono<WaitingList> watchWaiting(QueueListener listener) {
        Objects.requireNonNull(listener, "listener");
        return Mono.fromSupplier(() -> registry.waiting().watch(listener));
    }

    @Override
    public void unwatchWaiting(QueueListener listener) {
        if (listener != null) {
            registry.waiting().unwatch(listener);
        }
    }

    @Override
    public Optional<ChatId> chatOf(UserToken userToken) {
        ChatActor actor = userToken == null ? null : registry.member(userToken);
        return actor == null ? Optional.empty() : Optional.of(actor.id());
    }

    @Override
    public int liveChats() {
        return registry.live();
    }

    @Override
    public ChatOptions options() {
        return context.options();
    }

    @Override
    public Mono<Void> shutdown() {
        return Mono.defer(() -> {
            shuttingDown = true;
            return Flux.fromIterable(registry.chats())
                    .flatMap(actor -> Mono.create(sink -> actor.tell(new ChatCommand.Shutdown(), null, erase(sink))))
                    .then();
        });
    }

    /** Watchers of the waiting list now; for tests and diagnostics. */
    int queueWatchers() {
        return registry.waiting().watcherCount();
    }

    /** userTokens mapped to live chats; for tests and diagnostics. */
    int memberCount() {
        return registry.memberCount();
    }

    private <T> Mono<T> askMember(UserToken token, ChatCommand command) {
        return Mono.create(sink -> {
            ChatActor actor = registry.member(token);
            if (actor == null) {
                sink.error(ChatDecider.unknownMember());
            } else {
                actor.tell(command, null, erase(sink));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static MonoSink<Object> erase(MonoSink<?> sink) {
        return (MonoSink<Object>) sink;
    }

    private static ShuttingDownException shuttingDownError() {
        return new ShuttingDownException("The chat server is shutting down; start the chat again in a moment");
    }
}
