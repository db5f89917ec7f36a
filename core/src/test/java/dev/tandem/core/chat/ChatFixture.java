package dev.tandem.core.chat;

import dev.tandem.core.SessionToken;
import dev.tandem.core.UserToken;
import dev.tandem.core.history.ChatTranscript;
import dev.tandem.core.history.InMemoryHistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A chat engine on virtual time with an in-memory transcript store; the clock starts at {@link #START}. */
final class ChatFixture {
    static final long START = 1_700_000_000_000L;
    static final Duration DEADLINE = Duration.ofSeconds(10);

    final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    final InMemoryHistoryStore store = new InMemoryHistoryStore(this::now);
    final ChatEngine engine;

    ChatFixture() {
        this(ChatOptions.DEFAULT);
    }

    ChatFixture(ChatOptions options) {
        scheduler.advanceTimeTo(Instant.ofEpochMilli(START));
        engine = ChatEngine.builder().options(options).scheduler(scheduler).transcriptStore(store)
                .random(new Random(7)).build();
    }

    long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    void advance(Duration d) {
        scheduler.advanceTimeBy(d);
    }

    /** A member's connection and the view it got. */
    record Member(ChatView view, RecordingChatParticipant inbox) {
        UserToken token() {
            return view.userToken();
        }

        int userId() {
            return view.userId();
        }

        ChatId chatId() {
            return view.chatId();
        }
    }

    Member start(String nickname, String subject) {
        RecordingChatParticipant inbox = new RecordingChatParticipant();
        ChatView view = engine.start(new ChatStartRequest(Optional.ofNullable(nickname), Optional.ofNullable(subject)), inbox)
                .block(DEADLINE);
        return new Member(view, inbox);
    }

    Member start() {
        return start("John", "Order 1234");
    }

    Member accept(ChatId chat, String nickname) {
        RecordingChatParticipant inbox = new RecordingChatParticipant();
        return new Member(engine.accept(chat, Optional.ofNullable(nickname), inbox).block(DEADLINE), inbox);
    }

    Member join(ChatId chat, String nickname) {
        RecordingChatParticipant inbox = new RecordingChatParticipant();
        return new Member(engine.join(chat, Optional.ofNullable(nickname), inbox).block(DEADLINE), inbox);
    }

    Member restore(Member member, int since) {
        RecordingChatParticipant inbox = new RecordingChatParticipant();
        return new Member(engine.restore(member.chatId(), member.token(), since, inbox).block(DEADLINE), inbox);
    }

    ChatMessage say(Member member, String text) {
        return engine.send(member.token(), new MessageContent.Text(text)).block(DEADLINE);
    }

    ChatMessage share(Member member, String sessionToken) {
        return engine.send(member.token(), new MessageContent.Cobrowse(new SessionToken(sessionToken))).block(DEADLINE);
    }

    void typing(Member member, boolean typing) {
        engine.typing(member.token(), typing).block(DEADLINE);
    }

    void disconnect(Member member) {
        engine.disconnected(member.token(), member.inbox());
    }

    boolean isLive(Member member) {
        return engine.chatOf(member.token()).isPresent();
    }

    ChatTranscript transcript(ChatId id) {
        return store.find(id).block(DEADLINE);
    }

    /** A customer's chat accepted by one agent. */
    record Pair(Member customer, Member agent) {
    }

    Pair pair() {
        Member customer = start();
        Member agent = accept(customer.chatId(), "Bob");
        return new Pair(customer, agent);
    }
}
