package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionToken;
import dev.tandem.core.WrongRoleException;
import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Messages, the co-browse token kind, typing notices and the message rate, in virtual time. */
class ChatEngineMessagesTest {
    private final ChatFixture fx = new ChatFixture();

    @Test
    void should_answer_the_sender_and_tell_the_others_when_a_message_is_posted() {
        Pair pair = fx.pair();
        fx.advance(Duration.ofSeconds(3));

        ChatMessage posted = fx.say(pair.customer(), "Hello, my order is late");

        ChatMessage expected = new ChatMessage(1, 1, MessageKind.TEXT, "Hello, my order is late", Optional.empty(),
                ChatFixture.START + 3_000);
        assertThat(posted).isEqualTo(expected);
        assertThat(pair.agent().inbox().received()).containsExactly(
                new ChatNotification.Message(pair.customer().chatId(), expected));
        assertThat(pair.customer().inbox().received(ChatNotification.Message.class)).as("not echoed").isEmpty();
    }

    @Test
    void should_number_messages_from_1_in_the_order_the_chat_took_them() {
        Pair pair = fx.pair();

        fx.say(pair.customer(), "one");
        fx.say(pair.agent(), "two");
        fx.say(pair.customer(), "three");

        assertThat(pair.customer().inbox().received(ChatNotification.Message.class))
                .extracting(m -> m.message().seq() + ":" + m.message().from() + ":" + m.message().text())
                .containsExactly("2:2:two");
        assertThat(fx.restore(pair.agent(), 0).view().messages()).extracting(ChatMessage::seq).containsExactly(1, 2, 3);
    }

    @Test
    void should_keep_what_the_customer_wrote_while_waiting_for_the_agent_who_accepts() {
        Member customer = fx.start();
        fx.say(customer, "Is anyone there?");

        Member agent = fx.accept(customer.chatId(), "Bob");

        assertThat(agent.view().messages()).extracting(ChatMessage::text).containsExactly("Is anyone there?");
    }

    @Test
    void should_post_a_cobrowse_message_when_the_customer_sends_the_seed_start_form() {
        Pair pair = fx.pair();

        ChatMessage posted = fx.say(pair.customer(), " {\"start\": \"123456789\"} ");

        assertThat(posted.kind()).isEqualTo(MessageKind.COBROWSE);
        assertThat(posted.sessionToken()).contains(new SessionToken("123456789"));
        assertThat(posted.text()).isEqualTo("{start:123456789}");
        assertThat(fx.say(pair.customer(), "{start:987654321}").kind()).isEqualTo(MessageKind.COBROWSE);
        assertThat(fx.say(pair.customer(), "{start:12345}").kind()).as("not 9 digits").isEqualTo(MessageKind.TEXT);
        assertThat(fx.say(pair.customer(), "please {start:123456789}").kind()).isEqualTo(MessageKind.TEXT);
    }

    @Test
    void should_post_a_cobrowse_message_when_the_customer_shares_a_token() {
        Pair pair = fx.pair();

        ChatMessage posted = fx.share(pair.customer(), "000000042");

        assertThat(posted).isEqualTo(new ChatMessage(1, 1, MessageKind.COBROWSE, "{start:000000042}",
                Optional.of(new SessionToken("000000042")), ChatFixture.START));
        assertThat(pair.agent().inbox().received(ChatNotification.Message.class)).singleElement()
                .satisfies(m -> assertThat(m.message()).isEqualTo(posted));
    }

    @Test
    void should_refuse_a_shared_token_and_keep_the_start_form_as_text_when_an_agent_sends_them() {
        Pair pair = fx.pair();

        assertThatThrownBy(() -> fx.share(pair.agent(), "123456789")).isInstanceOf(WrongRoleException.class)
                .hasMessageContaining("Only the customer shares a co-browse session");
        assertThat(fx.say(pair.agent(), "{start:123456789}").kind()).isEqualTo(MessageKind.TEXT);
    }

    @Test
    void should_refuse_empty_and_too_long_messages() {
        ChatFixture small = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxMessageLength(10).build());
        Member customer = small.start();

        assertThatThrownBy(() -> small.say(customer, " \n ")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("'text' is empty: send some text");
        assertThatThrownBy(() -> small.say(customer, "12345678901")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("11 characters exceeds the limit of 10");
        assertThat(small.say(customer, "1234567890").seq()).isEqualTo(1);
    }

    @Test
    void should_relay_typing_changes_only() {
        Pair pair = fx.pair();

        fx.typing(pair.customer(), true);
        fx.advance(Duration.ofSeconds(2));
        fx.typing(pair.customer(), true);
        fx.typing(pair.customer(), false);
        fx.typing(pair.customer(), false);

        assertThat(pair.agent().inbox().received(ChatNotification.Typing.class))
                .extracting(ChatNotification.Typing::typing).containsExactly(true, false);
        assertThat(pair.customer().inbox().received(ChatNotification.Typing.class)).isEmpty();
    }

    @Test
    void should_relay_at_most_one_typing_start_a_second_when_a_member_flips_it() {
        Pair pair = fx.pair();

        for (int i = 0; i < 10; i++) {
            fx.typing(pair.agent(), true);
            fx.typing(pair.agent(), false);
            fx.advance(Duration.ofMillis(100));
        }

        assertThat(pair.customer().inbox().received(ChatNotification.Typing.class))
                .extracting(ChatNotification.Typing::typing).containsExactly(true, false);
        fx.advance(Duration.ofSeconds(1));
        fx.typing(pair.agent(), true);
        assertThat(pair.customer().inbox().received(ChatNotification.Typing.class)).hasSize(3);
    }

    @Test
    void should_end_typing_without_a_notice_when_the_typist_posts() {
        Pair pair = fx.pair();
        fx.typing(pair.customer(), true);
        fx.say(pair.customer(), "done");
        fx.advance(Duration.ofSeconds(1));

        fx.typing(pair.customer(), false);
        fx.typing(pair.customer(), true);

        assertThat(pair.agent().inbox().received()).extracting(n -> n.getClass().getSimpleName())
                .containsExactly("Typing", "Message", "Typing");
    }

    @Test
    void should_refuse_messages_beyond_the_burst_and_accept_them_again_after_the_window() {
        Pair pair = fx.pair();
        for (int i = 0; i < 10; i++) {
            fx.say(pair.customer(), "m" + i);
            fx.advance(Duration.ofMillis(500));
        }

        assertThatThrownBy(() -> fx.say(pair.customer(), "too fast")).isInstanceOf(CapacityException.class)
                .hasMessageContaining("at most 10 in 10 s");
        assertThat(fx.say(pair.agent(), "the agent is not limited by the customer").seq()).isEqualTo(11);
        fx.advance(Duration.ofMillis(5_000));
        assertThat(fx.say(pair.customer(), "again").seq()).isEqualTo(12);
    }
}
