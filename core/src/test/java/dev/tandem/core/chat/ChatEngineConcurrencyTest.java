package dev.tandem.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.chat.ChatFixture.Pair;
import dev.tandem.core.history.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Many threads at one chat. The commands are sent from Reactor's non-blocking threads, so BlockHound (installed
 * for every test) also proves that the engine never blocks.
 */
class ChatEngineConcurrencyTest {
    private static final int SENDERS = 8;
    private static final int EACH = 50;
    private final Scheduler threads = Schedulers.newParallel("chat-concurrency-test", SENDERS);
    private final ChatFixture fx = new ChatFixture(ChatOptions.DEFAULT.toBuilder()
            .maxAgents(SENDERS).messageBurst(EACH).build());

    @AfterEach
    void stopThreads() {
        threads.dispose();
    }

    @Test
    void should_number_every_message_once_and_deliver_all_in_order_when_many_threads_post() {
        Pair pair = fx.pair();
        List<ChatFixture.Member> agents = IntStream.range(1, SENDERS)
                .mapToObj(i -> fx.join(pair.customer().chatId(), "agent-" + i)).toList();

        List<Integer> seqs = Flux.range(0, SENDERS * EACH)
                .flatMap(i -> Mono.defer(() -> fx.engine.send(
                                (i % SENDERS == 0 ? pair.agent() : agents.get(i % SENDERS - 1)).token(),
                                new dev.tandem.core.chat.MessageContent.Text("m" + i)))
                        .subscribeOn(threads))
                .map(ChatMessage::seq)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(seqs).doesNotHaveDuplicates().hasSize(SENDERS * EACH);
        // A reply completes before its notifications are handed out (the engine's ordering contract): the last
        // message may reach the customer a moment after the last reply.
        Await.until("every message delivered to the customer", Duration.ofSeconds(10),
                () -> pair.customer().inbox().received(ChatNotification.Message.class).size() == SENDERS * EACH);
        assertThat(pair.customer().inbox().received(ChatNotification.Message.class))
                .extracting(m -> m.message().seq())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, SENDERS * EACH).boxed().toList());
        assertThat(fx.restore(pair.customer(), 0).view().messages()).hasSize(SENDERS * EACH);
        assertThat(Optional.of(fx.engine.liveChats())).contains(1);
    }
}
