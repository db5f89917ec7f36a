package dev.tandem.bench.load.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTest {

    private static List<Inbound> decode(String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Wire.decode(bytes, 0, bytes.length);
    }

    @Test
    void should_find_seq_and_send_time_when_decoding_a_forwarded_stream_message() throws Exception {
        byte[] sent = Wire.stream(Wire.STREAM, "c1", "7", "u1", 42, -123456789L, Wire.filler(300));
        // what a server forwards: the same events, without userToken, fields in another order
        String forwarded = new String(sent, StandardCharsets.UTF_8)
                .replace("\"userToken\":\"u1\",", "")
                .replace("\"clientId\":\"c1\",", "");

        Inbound m = decode(forwarded).get(0);

        assertThat(m.channel()).isEqualTo(Wire.STREAM);
        assertThat(m.isStream()).isTrue();
        assertThat(m.seq()).isEqualTo(42);
        assertThat(m.sentNanos()).isEqualTo(-123456789L);
        assertThat(m.events()).isEqualTo(1);
        assertThat(m.data().has("events")).isFalse();
        assertThat(m.data().get("v").asInt()).isEqualTo(1);
    }

    @Test
    void should_keep_reply_fields_when_decoding_a_batch_with_a_service_reply() throws Exception {
        List<Inbound> batch = decode("[{\"channel\":\"/meta/connect\",\"successful\":true,\"id\":\"3\","
                + "\"advice\":{\"interval\":0,\"reconnect\":\"retry\"}},"
                + "{\"data\":{\"userToken\":\"abc\",\"userId\":2,\"users\":[{\"userId\":\"1\",\"role\":1}],"
                + "\"sessionHistoryId\":\"h\"},\"channel\":\"/service/session/join\",\"id\":\"4\",\"successful\":true}]");

        assertThat(batch).hasSize(2);
        assertThat(batch.get(0).advice().get("reconnect").asText()).isEqualTo("retry");
        assertThat(batch.get(0).data()).isNull();
        Inbound reply = batch.get(1);
        assertThat(reply.id()).isEqualTo("4");
        assertThat(reply.succeeded()).isTrue();
        assertThat(reply.isStream()).isFalse();
        assertThat(reply.data().get("userToken").asText()).isEqualTo("abc");
        assertThat(reply.data().get("users").get(0).get("role").asInt()).isEqualTo(1);
    }

    @Test
    void should_decode_a_raw_relay_frame_as_stream_data() throws Exception {
        byte[] frame = Wire.rawStream(9, 555, Wire.filler(10));

        Inbound m = Wire.decodeRaw(frame, 0, frame.length);

        assertThat(m.seq()).isEqualTo(9);
        assertThat(m.sentNanos()).isEqualTo(555);
    }

    @Test
    void should_fail_when_a_frame_is_not_a_bayeux_message() {
        assertThatThrownBy(() -> decode("\"hello\"")).hasMessageContaining("not a Bayeux message");
    }

    @Test
    void should_join_queued_messages_into_one_batch_when_long_polling() {
        byte[] merged = LpLink.merge(List.of("[{\"a\":1}]".getBytes(StandardCharsets.UTF_8),
                "[{\"b\":2}]".getBytes(StandardCharsets.UTF_8), "[{\"c\":3}]".getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(merged, StandardCharsets.UTF_8)).isEqualTo("[{\"a\":1},{\"b\":2},{\"c\":3}]");
    }

    @Test
    void should_sum_heap_pools_when_reading_prometheus_text() {
        ServerProbe.Prometheus p = ServerProbe.Prometheus.parse("""
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 5000000.0
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
                process_cpu_usage 0.25
                system_cpu_count 2.0
                """);

        assertThat(p.heapUsed()).isEqualTo(15_000_000L);
        assertThat(p.cpuCores()).isEqualTo(0.5);
        assertThat(p.rss()).isEqualTo(-1);
    }
}
