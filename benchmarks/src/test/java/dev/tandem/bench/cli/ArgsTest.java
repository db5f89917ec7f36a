package dev.tandem.bench.cli;

import dev.tandem.bench.BenchException;
import dev.tandem.bench.load.LoadOptions;
import dev.tandem.bench.load.Protocol;
import dev.tandem.bench.load.TransportMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgsTest {

    private static Args parse(String... argv) {
        return Args.parse(List.of(argv), Args.flags(LoadArgs.FLAGS));
    }

    @Test
    void should_read_load_options_when_given_on_the_command_line() {
        Args args = parse("--sessions", "20", "--transport", "lp", "--ramp", "500ms", "--payload-bytes", "4k",
                "--controller", "--rate=2.5", "--target", "http://127.0.0.1:9000/cobrowse/cometd");

        LoadOptions o = LoadArgs.read(args, null).build();
        args.requireAllUsed();

        assertThat(o.sessions()).isEqualTo(20);
        assertThat(o.transport()).isEqualTo(TransportMode.LONG_POLLING);
        assertThat(o.ramp()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.payloadBytes()).isEqualTo(4096);
        assertThat(o.controller()).isTrue();
        assertThat(o.rate()).isEqualTo(2.5);
        assertThat(o.metricsUri()).hasToString("http://127.0.0.1:9000/cobrowse/metrics");
        assertThat(o.peersPerSession()).isEqualTo(3);
    }

    @Test
    void should_name_the_option_when_an_option_is_unknown() {
        Args args = parse("--sesions", "5");
        LoadArgs.read(args, null);

        assertThatThrownBy(args::requireAllUsed).isInstanceOf(BenchException.class).hasMessageContaining("--sesions");
    }

    @Test
    void should_refuse_long_polling_when_the_protocol_is_raw() {
        Args args = parse("--protocol", "raw", "--transport", "long-polling");

        assertThatThrownBy(() -> LoadArgs.read(args, null).build()).hasMessageContaining("raw relay");
    }

    @Test
    void should_default_to_the_raw_relay_url_when_the_protocol_is_raw() {
        LoadOptions o = LoadArgs.read(parse("--protocol", "raw"), null).build();

        assertThat(o.protocol()).isEqualTo(Protocol.RAW);
        assertThat(o.target()).hasToString("ws://127.0.0.1:8800/relay");
        assertThat(o.metricsUri()).isNull();
    }

    @Test
    void should_parse_durations_with_units_when_given_as_text() {
        assertThat(Args.parseDuration("d", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Args.parseDuration("d", "1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> Args.parseDuration("d", "soon")).hasMessageContaining("--d");
    }
}
