package dev.tandem.bayeux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class TimesyncTest {
    @Test
    void should_answer_tc_ts_p_a_when_the_request_carries_timesync() {
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        ext.putObject("timesync").put("tc", 1000).put("l", 20).put("o", 5);
        assertThat(Timesync.reply(ext, 1100, 1130).toString()).isEqualTo("{\"tc\":1000,\"ts\":1100,\"p\":30,\"a\":-75}");
    }

    @Test
    void should_answer_nothing_when_timesync_is_absent_or_malformed() {
        assertThat(Timesync.reply(null, 1, 2)).isNull();
        ObjectNode ext = JsonNodeFactory.instance.objectNode();
        assertThat(Timesync.reply(ext, 1, 2)).isNull();
        ext.putObject("timesync").put("tc", "soon");
        assertThat(Timesync.reply(ext, 1, 2)).isNull();
    }
}
