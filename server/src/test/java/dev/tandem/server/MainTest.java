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
        Main.nettyDefaults(none, 2);
        assertThat(none.getProperty(Main.LEAK_DETECTION)).isEqualTo("disabled");

        Properties given = new Properties();
        given.setProperty(Main.LEAK_DETECTION, "paranoid");
        Main.nettyDefaults(given, 2);
        assertThat(given.getProperty(Main.LEAK_DETECTION)).isEqualTo("paranoid");

        Properties older = new Properties();
        older.setProperty("io.netty.leakDetectionLevel", "simple");
        Main.nettyDefaults(older, 2);
        assertThat(older.getProperty(Main.LEAK_DETECTION)).as("Netty reads the older name too").isNull();
    }

    @Test
    void should_run_one_event_loop_per_cpu_unless_a_count_was_given() {
        Properties one = new Properties();
        Main.nettyDefaults(one, 1);
        assertThat(one.getProperty(Main.IO_WORKERS)).as("not Reactor Netty's minimum of 4").isEqualTo("1");

        Properties eight = new Properties();
        Main.nettyDefaults(eight, 8);
        assertThat(eight.getProperty(Main.IO_WORKERS)).isEqualTo("8");

        Properties given = new Properties();
        given.setProperty(Main.IO_WORKERS, "6");
        Main.nettyDefaults(given, 2);
        assertThat(given.getProperty(Main.IO_WORKERS)).isEqualTo("6");
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
