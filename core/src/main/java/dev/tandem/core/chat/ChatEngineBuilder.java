package dev.tandem.core.chat;

import dev.tandem.core.chat.internal.DefaultChatEngine;
import dev.tandem.core.history.InMemoryHistoryStore;
import dev.tandem.core.history.TranscriptStore;
import dev.tandem.core.internal.DefaultSessionEngine;
import java.util.Objects;
import java.util.Random;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Builds a {@link ChatEngine}. Every setter checks its argument and returns this builder.
 *
 * <p>The {@link Scheduler} is the engine's only source of time: its {@code now()} stamps every message and its
 * timers drive every timeout, so a {@code VirtualTimeScheduler} tests them all in virtual time.
 */
public final class ChatEngineBuilder {
    private ChatOptions options = ChatOptions.DEFAULT;
    private Scheduler scheduler = Schedulers.parallel();
    private TranscriptStore transcripts;
    private Random random;

    ChatEngineBuilder() {
    }

    public ChatEngineBuilder options(ChatOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        return this;
    }

    /** Clock and timers. Default: {@link Schedulers#parallel()}. */
    public ChatEngineBuilder scheduler(Scheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Where transcripts go. Default: a new {@link InMemoryHistoryStore} (not durable). */
    public ChatEngineBuilder transcriptStore(TranscriptStore transcripts) {
        this.transcripts = Objects.requireNonNull(transcripts, "transcripts");
        return this;
    }

    /** Source of userTokens and chat ids. Default: a seeded DRBG {@link java.security.SecureRandom}. */
    public ChatEngineBuilder random(Random random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    public ChatEngine build() {
        return new DefaultChatEngine(options, scheduler,
                transcripts != null ? transcripts : new InMemoryHistoryStore(),
                random != null ? random : DefaultSessionEngine.secureRandom());
    }
}
