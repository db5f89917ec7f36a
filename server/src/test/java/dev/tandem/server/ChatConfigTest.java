package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import dev.tandem.core.chat.ChatOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code tandem.chat} settings: defaults, environment, wrong values. */
class ChatConfigTest {

    @Test
    void should_default_to_the_engine_defaults_when_nothing_is_configured() {
        TandemConfig config = TandemConfig.defaults();

        assertThat(config.chatEnabled()).isTrue();
        assertThat(config.chatOptions()).isEqualTo(ChatOptions.DEFAULT);
    }

    @Test
    void should_read_every_chat_setting_from_the_environment() {
        TandemConfig config = TandemConfig.load(Optional.empty(), Map.of(
                "TANDEM_CHAT_ENABLED", "false",
                "TANDEM_CHAT_MAX_INTERVAL", "90s",
                "TANDEM_CHAT_WAIT_TIMEOUT", "2m",
                "TANDEM_CHAT_MAX_LIVE_CHATS", "50",
                "TANDEM_CHAT_MAX_AGENTS", "2",
                "TANDEM_CHAT_MAX_MESSAGES", "200",
                "TANDEM_CHAT_MAX_TRANSCRIPT_CHARS", "20000",
                "TANDEM_CHAT_MAX_MESSAGE_LENGTH", "500"), Map.of());

        ChatOptions o = config.chatOptions();
        assertThat(config.chatEnabled()).isFalse();
        assertThat(o.maxInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.waitTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxLiveChats()).isEqualTo(50);
        assertThat(o.maxAgents()).isEqualTo(2);
        assertThat(o.maxMessages()).isEqualTo(200);
        assertThat(o.maxTranscriptChars()).isEqualTo(20_000);
        assertThat(o.maxMessageLength()).isEqualTo(500);
    }

    @Test
    void should_fail_with_the_setting_name_when_a_chat_value_is_wrong() {
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_CHAT_MAX_AGENTS", "0"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("tandem.chat").hasMessageContaining("maxAgents");
        assertThatThrownBy(() -> TandemConfig.load(Optional.empty(), Map.of("TANDEM_CHAT_MAX_MESSAGE_LENGTH", "200000"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxMessageLength");
    }
}
