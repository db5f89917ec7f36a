package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.cobrowse.CobrowseRequests.StreamRequest;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.PageRules;
import dev.tandem.core.UserToken;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageStateTest {
    private static final UserToken TOKEN = new UserToken("abcdefghijklmnopqrstuv");
    private static final String SNAPSHOT = "[{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[{\"type\":2,\"id\":2,"
            + "\"tagName\":\"input\",\"attributes\":{\"type\":\"password\",\"value\":\"%s\"},\"childNodes\":[]}]}}}]";
    private final PageState page = new PageState(MaskRules.compile(new PageRules(List.of(PageRules.Rule.of(".x")), List.of()), s -> { }));

    private static StreamRequest request(long seq, boolean snapshot, String events) {
        return new StreamRequest(TOKEN, seq, snapshot, (ArrayNode) SeedShapes.parse(events));
    }

    private void relay(long seq, boolean snapshot, String events) {
        StreamRequest r = request(seq, snapshot, events);
        assertThat(page.admit(r)).isInstanceOf(PageState.Admission.Relay.class);
        StreamBatch batch = StreamBatch.of(seq, snapshot, r.events());
        page.relayed(batch);
        batch.release(); // as the request does once the engine answered
    }

    @Test
    void should_relay_nothing_of_a_page_until_its_snapshot_and_ask_for_one_once_per_join() {
        page.masterJoined();
        assertThat(page.admit(request(1, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.NONE, true));
        assertThat(page.admit(request(2, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.NONE, false));
        relay(3, true, SNAPSHOT.formatted("***"));
        relay(4, false, "[]");
        assertThat(page.logReplayable()).isTrue();
        page.masterJoined();
        assertThat(page.baseline()).isEqualTo(PageState.Baseline.NONE);
        assertThat(page.admit(request(1, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.NONE, true));
    }

    @Test
    void should_keep_a_refused_snapshots_page_dark_until_the_next_snapshot() {
        assertThat(page.admit(request(1, true, SNAPSHOT.formatted("hunter2")))).isInstanceOf(PageState.Admission.Leaked.class);
        assertThat(page.admit(request(2, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.REFUSED, false));
        relay(3, true, SNAPSHOT.formatted("*******"));
        assertThat(page.baseline()).isEqualTo(PageState.Baseline.LIVE);
    }

    @Test
    void should_ask_again_for_a_snapshot_that_did_not_reach_the_engine() {
        relay(1, true, SNAPSHOT.formatted("*"));
        relay(2, false, "[]");
        assertThat(page.admit(request(1, true, SNAPSHOT.formatted("*")))).isInstanceOf(PageState.Admission.Relay.class);
        page.notRelayed(true); // e.g. no direct memory left for it

        assertThat(page.baseline()).isEqualTo(PageState.Baseline.NONE);
        assertThat(page.admit(request(2, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.NONE, true));
        assertThat(page.admit(request(3, false, "[]"))).isEqualTo(new PageState.Admission.NoBaseline(PageState.Baseline.NONE, false));
        relay(1, true, SNAPSHOT.formatted("*"));
        assertThat(page.baseline()).isEqualTo(PageState.Baseline.LIVE);
    }

    @Test
    void should_no_longer_replay_the_log_once_a_batch_is_missing_from_it() {
        relay(1, true, SNAPSHOT.formatted("*"));
        relay(2, false, "[]");
        assertThat(page.logReplayable()).isTrue();
        relay(4, false, "[]");
        assertThat(page.logReplayable()).as("batch 3 never reached the engine").isFalse();
        relay(5, true, SNAPSHOT.formatted("*"));
        assertThat(page.logReplayable()).isTrue();
        assertThat(page.admit(request(6, false, "[{\"type\":3,\"data\":{\"source\":5,\"id\":2,\"text\":\"pw\"}}]")))
                .isInstanceOf(PageState.Admission.Leaked.class);
        assertThat(page.logReplayable()).isFalse();
    }

    @Test
    void should_ask_the_master_for_a_snapshot_at_most_once_per_interval_unless_one_came() {
        assertThat(page.claimMasterResync(1_000)).isTrue();
        assertThat(page.claimMasterResync(1_000 + PageState.MASTER_RESYNC_INTERVAL_MS - 1)).isFalse();
        assertThat(page.claimMasterResync(1_000 + PageState.MASTER_RESYNC_INTERVAL_MS)).isTrue();
        relay(1, true, SNAPSHOT.formatted("*"));
        assertThat(page.claimMasterResync(1_001 + PageState.MASTER_RESYNC_INTERVAL_MS)).isTrue();
    }
}
