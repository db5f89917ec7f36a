package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SessionToken;
import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import dev.tandem.core.history.ChatTranscript;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the engine writes to its transcript store over a chat's life. */
class ChatEngineTranscriptTest {
    private final ChatFixture fx = new ChatFixture();

    @Test
    void should_write_participants_messages_and_the_end_when_a_chat_runs_its_course() {
        Pair pair = fx.pair();
        fx.advance(Duration.ofSeconds(2));
        fx.say(pair.customer(), "Hi");
        Member second = fx.join(pair.customer().chatId(), "Alice");
        fx.advance(Duration.ofSeconds(2));
        fx.share(pair.customer(), "123456789");
        fx.engine.leave(second.token()).block();
        fx.advance(Duration.ofSeconds(2));
        fx.engine.end(pair.agent().token()).block();

        ChatTranscript t = fx.transcript(pair.customer().chatId());

        long s = ChatFixture.START;
        assertThat(t.id()).isEqualTo(pair.customer().chatId());
        assertThat(t.subject()).contains("Order 1234");
        assertThat(t.startTime()).isEqualTo(s);
        assertThat(t.endTime()).hasValue(s + 6_000);
        assertThat(t.endReason()).contains(ChatEndReason.AGENT_ENDED);
        assertThat(t.participants()).containsExactly(
                new ChatTranscript.Participant(1, ChatRole.CUSTOMER, Optional.of("John"), s, OptionalLong.empty(), Optional.empty()),
                new ChatTranscript.Participant(2, ChatRole.AGENT, Optional.of("Bob"), s, OptionalLong.empty(), Optional.empty()),
                new ChatTranscript.Participant(3, ChatRole.AGENT, Optional.of("Alice"), s + 2_000, OptionalLong.of(s + 4_000),
                        Optional.of(LeaveReason.LEFT)));
        assertThat(t.messages()).containsExactly(
                new ChatMessage(1, 1, MessageKind.TEXT, "Hi", Optional.empty(), s + 2_000),
                new ChatMessage(2, 1, MessageKind.COBROWSE, "{start:123456789}", Optional.of(new SessionToken("123456789")),
                        s + 4_000));
        assertThat(t.complete()).isTrue();
    }

    @Test
    void should_show_a_live_chat_as_it_stands() {
        Member customer = fx.start(null, null);
        fx.say(customer, "anyone?");

        ChatTranscript t = fx.transcript(customer.chatId());

        assertThat(t.endTime()).isEmpty();
        assertThat(t.subject()).isEmpty();
        assertThat(t.participants()).singleElement().satisfies(p -> assertThat(p.nickname()).isEmpty());
        assertThat(t.messages()).hasSize(1);
    }
}
