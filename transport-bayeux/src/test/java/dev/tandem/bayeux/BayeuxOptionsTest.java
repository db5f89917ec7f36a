package dev.tandem.bayeux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BayeuxOptionsTest {
    @Test
    void should_copy_every_field_when_rebuilt_unchanged() {
        assertThat(BayeuxOptions.DEFAULT.toBuilder().build()).isEqualTo(BayeuxOptions.DEFAULT);
        assertThat(BayeuxOptions.DEFAULT.toBuilder().maxInterval(Duration.ofSeconds(3)).build().maxInterval()).hasSeconds(3);
    }

    @Test
    void should_refuse_values_out_of_range() {
        assertThatThrownBy(() -> BayeuxOptions.DEFAULT.toBuilder().path("/x/").build()).hasMessageContaining("path");
        assertThatThrownBy(() -> BayeuxOptions.DEFAULT.toBuilder().transports(List.of("smoke-signals")).build())
                .hasMessageContaining("transports");
        assertThatThrownBy(() -> BayeuxOptions.DEFAULT.toBuilder().maxInterval(Duration.ZERO).build()).hasMessageContaining("maxInterval");
        assertThatThrownBy(() -> BayeuxOptions.DEFAULT.toBuilder().maxLargeMessageBytes(10).build())
                .hasMessageContaining("maxLargeMessageBytes");
        assertThatThrownBy(() -> BayeuxOptions.DEFAULT.toBuilder().maxQueueMessages(0).build()).hasMessageContaining("maxQueueMessages");
    }

    @Test
    void should_render_errors_in_cometd_format() {
        assertThat(BayeuxError.UNKNOWN_CLIENT.wire()).isEqualTo("402::Unknown client");
        assertThat(BayeuxError.PUBLISH_DENIED.wire(null)).isEqualTo("403::Publish denied");
        assertThat(BayeuxError.BAD_REQUEST.wire("'channel' is missing")).isEqualTo("400::'channel' is missing");
        assertThat(ServiceReply.error(BayeuxError.GONE, "ended").data().toString()).isEqualTo("{\"error\":\"ended\"}");
    }
}
