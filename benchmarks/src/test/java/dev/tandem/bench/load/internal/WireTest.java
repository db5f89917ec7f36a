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
        byte[] sent = Wire.stream(Wire.STREAM, "c1", "7", "u1", 42, -123456789L, Wire.filler(300), false);
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
        assertThat(m.snapshot()).isFalse();
        assertThat(m.replay()).isFalse();
    }

    @Test
    void should_mark_the_batch_as_a_snapshot_when_it_starts_a_baseline() throws Exception {
        byte[] sent = Wire.stream(Wire.STREAM, "c1", "7", "u1", 1, 99, Wire.filler(10), true);

        Inbound m = decode(new String(sent, StandardCharsets.UTF_8)).get(0);

        assertThat(m.snapshot()).isTrue();
        assertThat(m.seq()).isEqualTo(1);
        assertThat(m.data().get("userToken").asText()).isEqualTo("u1");
    }

    @Test
    void should_recognise_a_replay_when_a_server_sends_a_joining_agent_its_kept_baseline() throws Exception {
        Inbound m = decode("[{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,\"seq\":7,\"replay\":true,"
                + "\"events\":[{\"type\":5,\"data\":{\"payload\":{\"t\":12,\"fill\":\"x\"}}},{\"type\":3}]}}]").get(0);

        assertThat(m.isStream()).isTrue();
        assertThat(m.replay()).isTrue();
        assertThat(m.events()).isEqualTo(2);
        assertThat(m.sentNanos()).isEqualTo(12);
    }

    @Test
    void should_read_the_type_of_a_control_message() throws Exception {
        Inbound m = decode("[{\"channel\":\"/service/session/control\",\"data\":{\"v\":1,\"type\":\"resync\","
                + "\"from\":\"server\"}}]").get(0);

        assertThat(m.type()).isEqualTo("resync");
        assertThat(m.successful()).isNull();
    }

    @Test
    void should_read_live_bytes_when_parsing_the_class_histogram_total() {
        assertThat(ServerProbe.parseHistogramTotal("Total        208383       12941856")).isEqualTo(12_941_856L);
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
        byte[] frame = Wire.rawStream(9, 555, Wire.filler(10), false);

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

    @Test
    void should_count_the_machine_cpus_when_reading_the_online_list() {
        assertThat(ServerProbe.countCpus("0-1")).isEqualTo(2);
        assertThat(ServerProbe.countCpus("0")).isEqualTo(1);
        assertThat(ServerProbe.countCpus("0-3,8,10-11")).isEqualTo(7);
    }

    @Test
    void should_read_rss_under_either_name_when_reading_prometheus_text() {
        assertThat(ServerProbe.Prometheus.parse("process_memory_rss_bytes 1.5E8\n").rss()).isEqualTo(150_000_000L);
        assertThat(ServerProbe.Prometheus.parse("process_resident_memory_bytes 2.0E8\n").rss()).isEqualTo(200_000_000L);
    }
}
