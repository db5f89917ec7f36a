package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every bound of the engine: chats, agents, transcript, names, watchers. */
class ChatEngineBoundsTest {

    @Test
    void should_refuse_a_start_beyond_max_live_chats_and_take_one_again_when_a_chat_ends() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxLiveChats(2).build());
        Member first = fx.start();
        fx.start();

        assertThatThrownBy(fx::start).isInstanceOf(CapacityException.class).hasMessageContaining("maximum of 2 live chats");
        fx.engine.leave(first.token()).block();
        assertThat(fx.start().view().phase()).isEqualTo(ChatPhase.WAITING);
    }

    @Test
    void should_refuse_an_agent_beyond_max_agents() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxAgents(2).build());
        Pair pair = fx.pair();
        fx.join(pair.customer().chatId(), "Alice");

        assertThatThrownBy(() -> fx.join(pair.customer().chatId(), "Carol")).isInstanceOf(CapacityException.class)
                .hasMessageContaining("maximum of 2 agents");
    }

    @Test
    void should_refuse_messages_beyond_max_messages() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxMessages(3).build());
        Pair pair = fx.pair();
        fx.say(pair.customer(), "1");
        fx.say(pair.agent(), "2");
        fx.say(pair.customer(), "3");

        assertThatThrownBy(() -> fx.say(pair.agent(), "4")).isInstanceOf(CapacityException.class)
                .hasMessageContaining("maximum of 3 messages");
    }

    @Test
    void should_refuse_a_message_that_would_take_the_transcript_beyond_its_characters() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxMessageLength(10).maxTranscriptChars(25).build());
        Pair pair = fx.pair();
        fx.say(pair.customer(), "0123456789");
        fx.say(pair.agent(), "0123456789");

        assertThatThrownBy(() -> fx.say(pair.customer(), "0123456")).isInstanceOf(CapacityException.class)
                .hasMessageContaining("maximum of 25 characters");
        assertThat(fx.say(pair.customer(), "01234").seq()).isEqualTo(3);
    }

    @Test
    void should_refuse_long_names_and_control_characters_and_drop_blank_ones() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxNicknameLength(5).maxSubjectLength(8).build());

        assertThatThrownBy(() -> fx.start("Johnny", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("'nickname' is 6 characters long; at most 5 are accepted");
        assertThatThrownBy(() -> fx.start(null, "123456789")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'subject'");
        assertThatThrownBy(() -> fx.start("J\nD", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("control characters");
        Member customer = fx.start("   ", " ok ");
        assertThat(customer.view().members().get(0).nickname()).isEmpty();
        assertThat(customer.view().subject()).contains("ok");
        assertThatThrownBy(() -> fx.accept(customer.chatId(), "Robert")).isInstanceOf(InvalidRequestException.class);
        assertThat(fx.engine.liveChats()).as("refused starts free their slot").isEqualTo(1);
    }

    @Test
    void should_refuse_a_watcher_beyond_max_queue_watchers_but_not_the_same_one_twice() {
        ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder().maxQueueWatchers(1).build());
        RecordingQueueListener one = new RecordingQueueListener();
        fx.engine.watchWaiting(one).block();

        assertThat(fx.engine.watchWaiting(one).block()).isNotNull();
        assertThatThrownBy(() -> fx.engine.watchWaiting(new RecordingQueueListener()).block())
                .isInstanceOf(CapacityException.class);
        fx.engine.unwatchWaiting(one);
        assertThat(fx.engine.watchWaiting(new RecordingQueueListener()).block()).isNotNull();
    }

    @Test
    void should_check_its_options_when_built() {
        assertThatThrownBy(() -> ChatOptions.DEFAULT.toBuilder().maxAgents(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAgents");
        assertThatThrownBy(() -> ChatOptions.DEFAULT.toBuilder().maxInterval(Duration.ZERO).build())
                .hasMessageContaining("maxInterval");
        assertThatThrownBy(() -> ChatOptions.DEFAULT.toBuilder().maxMessageLength(200).maxTranscriptChars(100).build())
                .hasMessageContaining("maxMessageLength");
        assertThat(new ChatStartRequest(Optional.empty(), Optional.empty())).isEqualTo(ChatStartRequest.ANONYMOUS);
    }
}
