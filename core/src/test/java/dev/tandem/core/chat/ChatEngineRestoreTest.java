package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.UserToken;
import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Page loads and reconnections: restore within the offline window, timeouts after it, in virtual time. */
class ChatEngineRestoreTest {
    private static final Duration WINDOW = Duration.ofSeconds(120);
    private final ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxInterval(WINDOW).build());

    @Test
    void should_restore_the_customer_with_the_messages_it_missed_when_it_comes_back_within_the_window() {
        Pair pair = fx.pair();
        fx.say(pair.customer(), "I am on the cart page");
        fx.disconnect(pair.customer());
        fx.say(pair.agent(), "Let me check");
        fx.say(pair.agent(), "Found it");
        fx.advance(WINDOW.minusMillis(1));

        Member reloaded = fx.restore(pair.customer(), 1);

        assertThat(reloaded.view().userId()).isEqualTo(1);
        assertThat(reloaded.view().userToken()).isEqualTo(pair.customer().token());
        assertThat(reloaded.view().phase()).isEqualTo(ChatPhase.ACTIVE);
        assertThat(reloaded.view().messages()).extracting(ChatMessage::seq, ChatMessage::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, "Let me check"),
                        org.assertj.core.groups.Tuple.tuple(3, "Found it"));
        assertThat(reloaded.view().members()).allMatch(ChatMember::online);
        fx.advance(WINDOW.multipliedBy(5));
        assertThat(fx.isLive(pair.customer())).as("the offline timer stopped").isTrue();
        fx.say(pair.agent(), "Still there?");
        assertThat(reloaded.inbox().received(ChatNotification.Message.class)).hasSize(1);
        assertThat(pair.customer().inbox().received(ChatNotification.Message.class)).as("the old page gets nothing")
                .isEmpty();
    }

    @Test
    void should_give_every_message_when_restoring_from_0_and_none_beyond_the_last() {
        Pair pair = fx.pair();
        fx.say(pair.customer(), "a");
        fx.say(pair.agent(), "b");

        assertThat(fx.restore(pair.customer(), 0).view().messages()).extracting(ChatMessage::text).containsExactly("a", "b");
        assertThat(fx.restore(pair.customer(), 2).view().messages()).isEmpty();
        assertThat(fx.restore(pair.customer(), 99).view().messages()).isEmpty();
        assertThatThrownBy(() -> fx.restore(pair.customer(), -1)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_tell_the_agents_when_the_customer_goes_offline_and_comes_back() {
        Pair pair = fx.pair();

        fx.disconnect(pair.customer());
        fx.restore(pair.customer(), 0);

        assertThat(pair.agent().inbox().received()).containsExactly(
                new ChatNotification.Presence(pair.customer().chatId(), 1, false),
                new ChatNotification.Presence(pair.customer().chatId(), 1, true));
    }

    @Test
    void should_end_the_chat_with_timeout_when_the_customer_is_not_back_within_the_window() {
        Pair pair = fx.pair();
        fx.disconnect(pair.customer());

        fx.advance(WINDOW);

        assertThat(pair.agent().inbox().received()).last().isEqualTo(new ChatNotification.Ended(
                pair.customer().chatId(), ChatEndReason.CUSTOMER_TIMEOUT, ChatFixture.START + WINDOW.toMillis()));
        assertThatThrownBy(() -> fx.restore(pair.customer(), 0)).isInstanceOf(SessionEndedException.class);
    }

    @Test
    void should_time_from_the_latest_disconnection_when_the_customer_goes_away_twice() {
        Pair pair = fx.pair();
        fx.disconnect(pair.customer());
        fx.advance(Duration.ofSeconds(60));
        Member again = fx.restore(pair.customer(), 0);
        fx.advance(Duration.ofSeconds(30));
        fx.disconnect(again);

        fx.advance(WINDOW.minusSeconds(1));
        assertThat(fx.isLive(pair.customer())).as("the first timer is stale").isTrue();
        fx.advance(Duration.ofSeconds(1));
        assertThat(fx.isLive(pair.customer())).isFalse();
    }

    @Test
    void should_let_the_agent_go_and_requeue_the_chat_when_the_agent_is_not_back_within_the_window() {
        Pair pair = fx.pair();
        fx.disconnect(pair.agent());

        fx.advance(WINDOW);

        assertThat(pair.customer().inbox().received()).containsExactly(
                new ChatNotification.Joined(pair.customer().chatId(), pair.agent().view().members().get(1)),
                new ChatNotification.Presence(pair.customer().chatId(), 2, false),
                new ChatNotification.Left(pair.customer().chatId(), 2, LeaveReason.TIMEOUT, ChatPhase.WAITING));
        assertThat(fx.engine.waiting().block().chats()).extracting(WaitingChat::chatId)
                .containsExactly(pair.customer().chatId());
        assertThatThrownBy(() -> fx.restore(pair.agent(), 0)).isInstanceOf(UnknownSessionException.class);
    }

    @Test
    void should_ignore_a_disconnection_of_a_connection_the_member_already_replaced() {
        Pair pair = fx.pair();
        Member newTab = fx.restore(pair.customer(), 0);

        fx.engine.disconnected(pair.customer().token(), pair.customer().inbox());
        fx.advance(WINDOW.multipliedBy(2));

        assertThat(fx.isLive(pair.customer())).isTrue();
        assertThat(pair.agent().inbox().received(ChatNotification.Presence.class)).isEmpty();
        fx.say(pair.agent(), "hi");
        assertThat(newTab.inbox().received(ChatNotification.Message.class)).hasSize(1);
    }

    @Test
    void should_refuse_a_restore_with_a_token_of_another_chat_or_no_chat() {
        Pair one = fx.pair();
        Member other = fx.start();

        assertThatThrownBy(() -> fx.engine.restore(one.customer().chatId(), other.token(), 0,
                new RecordingChatParticipant()).block())
                .isInstanceOf(UnknownSessionException.class).hasMessageContaining("No member of chat");
        assertThatThrownBy(() -> fx.engine.restore(one.customer().chatId(), new UserToken("AAAAAAAAAAAAAAAAAAAAAA"), 0,
                new RecordingChatParticipant()).block())
                .isInstanceOf(UnknownSessionException.class);
        assertThat(fx.isLive(one.customer())).isTrue();
    }

    @Test
    void should_restore_an_agent_that_reloaded_its_console() {
        Pair pair = fx.pair();
        fx.say(pair.customer(), "hello");
        fx.disconnect(pair.agent());

        Member console = fx.restore(pair.agent(), 0);

        assertThat(console.view().role()).isEqualTo(ChatRole.AGENT);
        assertThat(console.view().members()).containsExactly(
                new ChatMember(1, ChatRole.CUSTOMER, Optional.of("John"), true),
                new ChatMember(2, ChatRole.AGENT, Optional.of("Bob"), true));
        assertThat(console.view().messages()).hasSize(1);
    }
}
