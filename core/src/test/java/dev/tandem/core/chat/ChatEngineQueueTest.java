package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.chat.ChatFixture.Member;
import dev.tandem.core.chat.ChatFixture.Pair;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The waiting list and its watchers. */
class ChatEngineQueueTest {
    private final ChatFixture fx = new ChatFixture();

    @Test
    void should_list_waiting_chats_longest_waiting_first() {
        Member first = fx.start("Ann", null);
        fx.advance(Duration.ofSeconds(1));
        Member second = fx.start(null, "Returns");

        WaitingList list = fx.engine.waiting().block();

        assertThat(list.chats()).extracting(WaitingChat::chatId).containsExactly(first.chatId(), second.chatId());
        assertThat(list.chats().get(1)).isEqualTo(new WaitingChat(second.chatId(), Optional.empty(),
                Optional.of("Returns"), ChatFixture.START + 1_000, ChatFixture.START + 1_000));
        assertThat(list.seq()).isEqualTo(2);
    }

    @Test
    void should_tell_watchers_every_change_in_order_with_numbers_above_the_list_they_got() {
        Member before = fx.start();
        RecordingQueueListener watcher = new RecordingQueueListener();
        WaitingList listed = fx.engine.watchWaiting(watcher).block();

        Member customer = fx.start();
        Member agent = fx.accept(customer.chatId(), "Bob");
        fx.engine.leave(agent.token()).block();
        fx.engine.leave(customer.token()).block();

        assertThat(listed.chats()).extracting(WaitingChat::chatId).containsExactly(before.chatId());
        assertThat(watcher.changes()).extracting(QueueChange::seq)
                .containsExactly(listed.seq() + 1, listed.seq() + 2, listed.seq() + 3, listed.seq() + 4);
        assertThat(watcher.changes()).extracting(c -> c instanceof QueueChange.Added a ? "added " + a.chat().chatId()
                        : "removed " + ((QueueChange.Removed) c).chatId() + " " + ((QueueChange.Removed) c).cause())
                .containsExactly("added " + customer.chatId(), "removed " + customer.chatId() + " ACCEPTED",
                        "added " + customer.chatId(), "removed " + customer.chatId() + " ENDED");
    }

    @Test
    void should_put_a_requeued_chat_at_the_end_of_the_list() {
        Pair pair = fx.pair();
        fx.advance(Duration.ofSeconds(10));
        Member waiting = fx.start();
        fx.advance(Duration.ofSeconds(10));

        fx.engine.leave(pair.agent().token()).block();

        assertThat(fx.engine.waiting().block().chats()).extracting(WaitingChat::chatId)
                .containsExactly(waiting.chatId(), pair.customer().chatId());
    }

    @Test
    void should_tell_nothing_more_when_the_watcher_stops_watching() {
        RecordingQueueListener watcher = new RecordingQueueListener();
        fx.engine.watchWaiting(watcher).block();
        fx.start();

        fx.engine.unwatchWaiting(watcher);
        fx.start();

        assertThat(watcher.changes()).hasSize(1);
    }

    @Test
    void should_keep_telling_the_others_when_a_watcher_fails() {
        RecordingQueueListener good = new RecordingQueueListener();
        fx.engine.watchWaiting(change -> {
            throw new IllegalStateException("broken watcher");
        }).block();
        fx.engine.watchWaiting(good).block();

        Member customer = fx.start();

        assertThat(good.changes()).hasSize(1);
        assertThat(fx.isLive(customer)).isTrue();
    }
}
