package dev.tandem.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void should_turn_netty_leak_detection_off_unless_a_level_was_given() {
        Properties none = new Properties();
        Main.nettyDefaults(none);
        assertThat(none.getProperty(Main.LEAK_DETECTION)).isEqualTo("disabled");

        Properties given = new Properties();
        given.setProperty(Main.LEAK_DETECTION, "paranoid");
        Main.nettyDefaults(given);
        assertThat(given.getProperty(Main.LEAK_DETECTION)).isEqualTo("paranoid");

        Properties older = new Properties();
        older.setProperty("io.netty.leakDetectionLevel", "simple");
        Main.nettyDefaults(older);
        assertThat(older.getProperty(Main.LEAK_DETECTION)).as("Netty reads the older name too").isNull();
    }

    @Test
    void should_parse_the_documented_options_and_refuse_others() {
        Main.Arguments a = Main.Arguments.parse(new String[]{"--port", "9000", "--host=127.0.0.1", "--history", "memory",
                "--config", "tandem.conf"});
        assertThat(a.overrides()).containsEntry(TandemConfig.Key.PORT.fullPath(), 9000)
                .containsEntry(TandemConfig.Key.HOST.fullPath(), "127.0.0.1")
                .containsEntry(TandemConfig.Key.HISTORY_STORE.fullPath(), "memory");
        assertThat(a.configFile()).isEqualTo(Optional.of(new File("tandem.conf")));
        assertThat(a.help()).isFalse();
        assertThat(Main.Arguments.parse(new String[]{"-h"}).help()).isTrue();
        assertThatThrownBy(() -> Main.Arguments.parse(new String[]{"--port", "x"})).hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[]{"--host"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Main.Arguments.parse(new String[]{"--bogus"})).hasMessageContaining("unknown option");
    }
}
