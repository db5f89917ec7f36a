package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.SessionEndedException;
import dev.tandem.core.ShuttingDownException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Start, accept, join, leave, end, the wait timeout and shutdown, in virtual time. */
class ChatEngineLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(300);
    private final ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().waitTimeout(WAIT).build());

    @Test
    void should_make_the_customer_member_1_of_a_waiting_chat_when_it_starts() {
        Member customer = fx.start("  John ", "Order 1234");

        ChatView view = customer.view();
        assertThat(view.userId()).isEqualTo(1);
        assertThat(view.role()).isEqualTo(ChatRole.CUSTOMER);
        assertThat(view.phase()).isEqualTo(ChatPhase.WAITING);
        assertThat(view.subject()).contains("Order 1234");
        assertThat(view.startTime()).isEqualTo(ChatFixture.START);
        assertThat(view.members()).containsExactly(new ChatMember(1, ChatRole.CUSTOMER, Optional.of("John"), true));
        assertThat(view.messages()).isEmpty();
        assertThat(fx.engine.waiting().block().chats()).containsExactly(new WaitingChat(view.chatId(),
                Optional.of("John"), Optional.of("Order 1234"), ChatFixture.START, ChatFixture.START));
        assertThat(fx.engine.liveChats()).isEqualTo(1);
    }

    @Test
    void should_activate_the_chat_and_tell_the_customer_when_an_agent_accepts() {
        Member customer = fx.start();
        fx.advance(Duration.ofSeconds(5));

        Member agent = fx.accept(customer.chatId(), "Bob");

        assertThat(agent.view().userId()).isEqualTo(2);
        assertThat(agent.view().role()).isEqualTo(ChatRole.AGENT);
        assertThat(agent.view().phase()).isEqualTo(ChatPhase.ACTIVE);
        assertThat(agent.view().members()).extracting(ChatMember::userId).containsExactly(1, 2);
        assertThat(customer.inbox().received()).containsExactly(new ChatNotification.Joined(customer.chatId(),
                new ChatMember(2, ChatRole.AGENT, Optional.of("Bob"), true)));
        assertThat(fx.engine.waiting().block().chats()).isEmpty();
    }

    @Test
    void should_refuse_a_second_accept_when_another_agent_took_the_chat() {
        Pair pair = fx.pair();

        assertThatThrownBy(() -> fx.accept(pair.customer().chatId(), "Alice"))
                .isInstanceOf(ChatTakenException.class).hasMessageContaining("accepted by another agent");
    }

    @Test
    void should_add_an_agent_and_tell_everyone_when_a_second_agent_joins() {
        Pair pair = fx.pair();

        Member second = fx.join(pair.customer().chatId(), "Alice");

        assertThat(second.view().userId()).isEqualTo(3);
        assertThat(second.view().members()).extracting(ChatMember::userId).containsExactly(1, 2, 3);
        ChatNotification joined = new ChatNotification.Joined(pair.customer().chatId(),
                new ChatMember(3, ChatRole.AGENT, Optional.of("Alice"), true));
        assertThat(pair.customer().inbox().received()).last().isEqualTo(joined);
        assertThat(pair.agent().inbox().received()).containsExactly(joined);
    }

    @Test
    void should_accept_the_chat_when_an_agent_joins_a_waiting_one() {
        Member customer = fx.start();

        Member agent = fx.join(customer.chatId(), null);

        assertThat(agent.view().phase()).isEqualTo(ChatPhase.ACTIVE);
        assertThat(agent.view().members().get(1).nickname()).isEmpty();
        assertThat(fx.engine.waiting().block().chats()).isEmpty();
    }

    @Test
    void should_end_the_chat_for_everyone_when_the_customer_leaves() {
        Pair pair = fx.pair();
        fx.advance(Duration.ofSeconds(60));

        fx.engine.leave(pair.customer().token()).block();

        ChatNotification ended = new ChatNotification.Ended(pair.customer().chatId(), ChatEndReason.CUSTOMER_LEFT,
                ChatFixture.START + 60_000);
        assertThat(pair.agent().inbox().received()).last().isEqualTo(ended);
        assertThat(pair.customer().inbox().received()).last().isEqualTo(ended);
        assertThat(fx.isLive(pair.customer())).isFalse();
        assertThat(fx.isLive(pair.agent())).isFalse();
        assertThat(fx.engine.liveChats()).isZero();
    }

    @Test
    void should_end_with_agent_ended_when_an_agent_ends_the_chat() {
        Pair pair = fx.pair();

        fx.engine.end(pair.agent().token()).block();

        assertThat(pair.customer().inbox().received(ChatNotification.Ended.class)).singleElement()
                .extracting(ChatNotification.Ended::reason).isEqualTo(ChatEndReason.AGENT_ENDED);
    }

    @Test
    void should_put_the_chat_back_in_the_waiting_list_when_its_last_agent_leaves() {
        Pair pair = fx.pair();
        fx.advance(Duration.ofSeconds(30));

        fx.engine.leave(pair.agent().token()).block();

        assertThat(pair.customer().inbox().received()).last().isEqualTo(new ChatNotification.Left(
                pair.customer().chatId(), 2, LeaveReason.LEFT, ChatPhase.WAITING));
        assertThat(fx.engine.waiting().block().chats()).singleElement()
                .satisfies(w -> assertThat(w.waitingSince()).isEqualTo(ChatFixture.START + 30_000));
        Member next = fx.accept(pair.customer().chatId(), "Carol");
        assertThat(next.view().userId()).as("userIds are never reused").isEqualTo(3);
        assertThat(next.view().members()).extracting(ChatMember::userId).containsExactly(1, 3);
    }

    @Test
    void should_stay_active_when_one_of_two_agents_leaves() {
        Pair pair = fx.pair();
        Member second = fx.join(pair.customer().chatId(), "Alice");

        fx.engine.leave(second.token()).block();

        ChatNotification left = new ChatNotification.Left(pair.customer().chatId(), 3, LeaveReason.LEFT, ChatPhase.ACTIVE);
        assertThat(pair.customer().inbox().received()).last().isEqualTo(left);
        assertThat(pair.agent().inbox().received()).last().isEqualTo(left);
        assertThat(fx.engine.waiting().block().chats()).isEmpty();
        assertThat(fx.isLive(second)).isFalse();
    }

    @Test
    void should_end_with_wait_timeout_when_no_agent_accepts_in_time() {
        Member customer = fx.start();

        fx.advance(WAIT.minusMillis(1));
        assertThat(fx.isLive(customer)).isTrue();
        fx.advance(Duration.ofMillis(1));

        assertThat(customer.inbox().received()).containsExactly(new ChatNotification.Ended(customer.chatId(),
                ChatEndReason.WAIT_TIMEOUT, ChatFixture.START + WAIT.toMillis()));
        assertThat(fx.engine.waiting().block().chats()).isEmpty();
    }

    @Test
    void should_not_time_out_while_an_agent_takes_part() {
        Pair pair = fx.pair();

        fx.advance(WAIT.multipliedBy(3));

        assertThat(fx.isLive(pair.customer())).isTrue();
    }

    @Test
    void should_time_the_wait_again_from_the_requeue_when_the_last_agent_left() {
        Pair pair = fx.pair();
        fx.advance(WAIT.minusSeconds(10));
        fx.engine.leave(pair.agent().token()).block();

        fx.advance(WAIT.minusMillis(1));
        assertThat(fx.isLive(pair.customer())).as("the first wait's timer is stale").isTrue();
        fx.advance(Duration.ofMillis(1));

        assertThat(fx.isLive(pair.customer())).isFalse();
        assertThat(pair.customer().inbox().received(ChatNotification.Ended.class)).singleElement()
                .extracting(ChatNotification.Ended::reason).isEqualTo(ChatEndReason.WAIT_TIMEOUT);
    }

    @Test
    void should_answer_ended_or_unknown_when_the_chat_is_over() {
        Pair pair = fx.pair();
        fx.engine.end(pair.customer().token()).block();

        assertThatThrownBy(() -> fx.say(pair.agent(), "hello?")).isInstanceOf(UnknownSessionException.class);
        assertThatThrownBy(() -> fx.restore(pair.customer(), 0)).isInstanceOf(SessionEndedException.class)
                .hasMessageContaining("has ended");
        assertThatThrownBy(() -> fx.join(pair.customer().chatId(), "Late")).isInstanceOf(SessionEndedException.class);
        assertThatThrownBy(() -> fx.accept(new ChatId(UUID.randomUUID()), "Bob"))
                .isInstanceOf(UnknownSessionException.class).hasMessageContaining("No live chat has id");
    }

    @Test
    void should_forget_an_ended_chat_after_ten_minutes_and_call_it_unknown() {
        Pair pair = fx.pair();
        fx.engine.end(pair.customer().token()).block();

        fx.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> fx.restore(pair.customer(), 0)).isInstanceOf(UnknownSessionException.class);
    }

    @Test
    void should_end_every_chat_and_refuse_new_ones_when_shutting_down() {
        Pair pair = fx.pair();
        Member waiting = fx.start();

        fx.engine.shutdown().block();

        assertThat(pair.agent().inbox().received()).last().isEqualTo(new ChatNotification.Ended(
                pair.customer().chatId(), ChatEndReason.SHUTDOWN, ChatFixture.START));
        assertThat(waiting.inbox().received(ChatNotification.Ended.class)).hasSize(1);
        assertThat(fx.engine.liveChats()).isZero();
        assertThatThrownBy(fx::start).isInstanceOf(ShuttingDownException.class);
        assertThatThrownBy(() -> fx.restore(waiting, 0)).isInstanceOf(ShuttingDownException.class);
    }
}
