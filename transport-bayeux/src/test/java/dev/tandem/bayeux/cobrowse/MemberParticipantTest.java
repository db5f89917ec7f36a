package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.Notification;
import dev.tandem.core.StreamChunk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

class MemberParticipantTest {
    private final RecordingSession session = new RecordingSession();
    private final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    private final AtomicInteger ended = new AtomicInteger();
    private final MemberParticipant participant = new MemberParticipant(session, scheduler, ended::incrementAndGet);

    /** The batches this test made: their creator's references, given back after it as the engine would. */
    private final List<StreamBatch> made = new ArrayList<>();

    private Notification.Stream stream(long seq, boolean snapshot, boolean replay) {
        StreamBatch b = StreamBatch.of(seq, snapshot, (ArrayNode) SeedShapes.parse("[{\"type\":3,\"data\":{\"source\":1,\"seq\":" + seq + "}}]"));
        made.add(b);
        return new Notification.Stream(new StreamChunk(seq, snapshot, b, b.size()), replay);
    }

    @AfterEach
    void giveBackTheBatches() {
        made.forEach(StreamBatch::release);
    }

    @Test
    void should_gather_a_replay_into_one_message_sent_before_the_next_live_batch() {
        participant.deliver(stream(1, true, true));
        for (int i = 2; i <= 1500; i++) {
            participant.deliver(stream(i, false, true));
        }
        assertThat(session.delivered).as("gathered until the flush").isEmpty();
        participant.deliver(stream(1501, false, false));
        assertThat(session.delivered).hasSize(2);
        var replay = SeedShapes.parse(session.delivered.get(0)).get("data");
        assertThat(replay.get("replay").asBoolean()).isTrue();
        assertThat(replay.get("seq").asLong()).isEqualTo(1500);
        assertThat(replay.get("events")).hasSize(1500);
        assertThat(SeedShapes.parse(session.delivered.get(1)).get("data").get("seq").asLong()).isEqualTo(1501);
    }

    @Test
    void should_send_a_gathered_replay_by_itself_when_nothing_follows() {
        participant.deliver(stream(5, true, true));
        participant.deliver(stream(6, false, true));
        assertThat(session.delivered).isEmpty();
        scheduler.advanceTimeBy(Duration.ofMillis(MemberParticipant.REPLAY_FLUSH_DELAY_MS - 1));
        assertThat(session.delivered).isEmpty();
        scheduler.advanceTimeBy(Duration.ofMillis(1));
        assertThat(session.delivered).hasSize(1);
        assertThat(SeedShapes.parse(session.delivered.get(0)).at("/data/events")).hasSize(2);
    }

    @Test
    void should_keep_a_gathered_replay_alive_after_the_log_dropped_it_and_free_it_once_sent() {
        long before = StreamBatch.offHeapBytes();
        Notification.Stream first = stream(7, true, true);
        Notification.Stream second = stream(8, false, true);
        participant.deliver(first);
        participant.deliver(second);
        // the log moves on (a new page) before the flush: its references, here the creators', are given back
        ((StreamBatch) first.chunk().payload()).release();
        ((StreamBatch) second.chunk().payload()).release();
        made.clear(); // given back here
        assertThat(StreamBatch.offHeapBytes()).as("the member's references keep them").isGreaterThan(before);

        scheduler.advanceTimeBy(Duration.ofMillis(MemberParticipant.REPLAY_FLUSH_DELAY_MS));

        assertThat(session.delivered).hasSize(1);
        assertThat(SeedShapes.parse(session.delivered.get(0)).at("/data/events/1/data/seq").asLong()).isEqualTo(8);
        assertThat(StreamBatch.offHeapBytes()).as("freed once copied into the message").isEqualTo(before);
    }

    @Test
    void should_render_control_resync_and_deactivation() {
        participant.deliver(new Notification.Control(2, dev.tandem.core.Role.SLAVE,
                CobrowseJson.control((com.fasterxml.jackson.databind.node.ObjectNode) SeedShapes.parse("{\"v\":1,\"type\":\"click\",\"x\":1,\"y\":2}"), 2)));
        participant.deliver(new Notification.SnapshotRequested());
        participant.deliver(new Notification.Deactivated(java.util.OptionalLong.empty(), 5, dev.tandem.core.EndReason.STOPPED));
        assertThat(session.delivered).containsExactly(
                "{\"channel\":\"/service/session/control\",\"data\":{\"v\":1,\"type\":\"click\",\"x\":1,\"y\":2,\"from\":\"2\"}}",
                "{\"channel\":\"/service/session/control\",\"data\":{\"v\":1,\"type\":\"resync\",\"from\":\"server\"}}",
                "{\"channel\":\"/service/session/deactivated\",\"ext\":{\"tandem\":{\"reason\":\"external\"}},"
                        + "\"data\":{\"activationTime\":null,\"deactivationTime\":5}}");
        assertThat(ended).hasValue(1);
    }
}
