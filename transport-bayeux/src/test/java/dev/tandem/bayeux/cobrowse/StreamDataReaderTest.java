package dev.tandem.bayeux.cobrowse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.bayeux.support.SeedShapes;
import dev.tandem.core.PageRules;
import dev.tandem.core.StreamChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamDataReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://shop.example/checkout?step=2";

    /** The data of a stream message holding {@code events}, read as the codec reads it: by the reader. */
    private static JsonNode read(String data, Charset charset) throws IOException {
        byte[] bytes = data.getBytes(charset);
        try (JsonParser p = JSON.createParser(bytes)) {
            p.nextToken();
            return StreamDataReader.INSTANCE.read(p, (from, to) -> Arrays.copyOfRange(bytes, (int) from, (int) to));
        }
    }

    private static ArrayNode events(String eventsJson) throws IOException {
        return (ArrayNode) read("{\"userToken\":\"123456789\",\"v\":1,\"seq\":7,\"events\":" + eventsJson + ",\"snapshot\":false}",
                StandardCharsets.UTF_8).get("events");
    }

    @Test
    void should_keep_the_masters_bytes_and_read_the_real_clients_content_events_whole() throws IOException {
        for (String name : List.of("honest", "no-rules", "broken-mask")) {
            JsonNode root;
            try (InputStream in = getClass().getResourceAsStream("/rrweb/" + name + ".json")) {
                root = SeedShapes.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            PageRules rules = new PageRules(root.path("serverRules").path("mask").findValuesAsText("selector").stream()
                    .map(PageRules.Rule::of).toList(), List.of());
            MaskCheck overTrees = new MaskCheck(MaskRules.compile(rules, s -> { }));
            MaskCheck overRead = new MaskCheck(MaskRules.compile(rules, s -> { }));
            for (JsonNode batch : root.path("batches")) {
                // Spaces as a client may send them: what is passed on is these bytes, not a re-encoding.
                String sent = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(batch.get("events"));
                ArrayNode read = events(sent);
                assertThat(read).isInstanceOf(PageEvents.class);
                assertThat(new String(((PageEvents) read).json(), StandardCharsets.UTF_8)).isEqualTo(sent);
                // rrweb writes type, data (source first), timestamp: its snapshots, mutations and input are read
                // as their trees, and the check finds in them what it finds in the whole batch.
                assertThat(read.size()).isEqualTo(batch.get("events").size());
                for (int i = 0; i < read.size(); i++) {
                    assertThat(read.get(i)).isEqualTo(batch.get("events").get(i));
                }
                assertThat(overRead.check(read, URL)).isEqualTo(overTrees.check(batch.get("events"), URL));
            }
        }
    }

    @Test
    void should_summarise_what_the_check_skips_and_read_what_it_checks_whole() throws IOException {
        String snapshot = "{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[]}},\"timestamp\":1}";
        String meta = "{\"type\":4,\"data\":{\"href\":\"https://x/\",\"width\":1,\"height\":2},\"timestamp\":1}";
        String mutation = "{\"type\":3,\"data\":{\"source\":0,\"texts\":[{\"id\":5,\"value\":\"t\"}],\"attributes\":[],"
                + "\"removes\":[],\"adds\":[]},\"timestamp\":2}";
        String input = "{\"type\":3,\"data\":{\"source\":5,\"id\":9,\"text\":\"***\",\"isChecked\":false},\"timestamp\":3}";
        String pointer = "{\"type\":3,\"data\":{\"source\":1,\"positions\":[{\"x\":1,\"y\":2,\"id\":3,\"timeOffset\":0}]},\"timestamp\":4}";
        String custom = "{\"type\":5,\"data\":{\"tag\":\"t\",\"payload\":{\"fill\":\"" + "x".repeat(2000) + "\"}},\"timestamp\":5}";
        String reordered = "{\"timestamp\":6,\"data\":{\"source\":5,\"id\":9,\"text\":\"secret\"},\"type\":3}";
        String sourceLast = "{\"type\":3,\"data\":{\"id\":9,\"text\":\"secret\",\"source\":5}}";
        String odd = "{\"type\":3.0,\"data\":{}}";
        String all = "[" + String.join(",", snapshot, meta, mutation, input, pointer, custom, reordered, sourceLast, odd) + "]";
        ArrayNode read = events(all);
        ArrayNode whole = (ArrayNode) SeedShapes.parse(all);
        for (int i : new int[]{0, 1, 2, 3, 6, 7, 8}) {
            assertThat(read.get(i)).as("event %d", i).isEqualTo(whole.get(i));
        }
        assertThat(read.get(4)).isEqualTo(SeedShapes.parse("{\"type\":3,\"data\":{\"source\":1}}"));
        assertThat(read.get(5)).isEqualTo(SeedShapes.parse("{\"type\":5}"));
        assertThat(new String(((PageEvents) read).json(), StandardCharsets.UTF_8)).isEqualTo(all);
        // Wherever it goes as JSON, it goes as the master's bytes.
        assertThat(read.toString()).isEqualTo(all);
        assertThat(JSON.writeValueAsString(SeedShapes.JSON.createObjectNode().set("events", read)))
                .isEqualTo("{\"events\":" + all + "}");
        assertThat(read.deepCopy()).isEqualTo(read).isInstanceOf(PageEvents.class);
    }

    @Test
    void should_pass_the_masters_bytes_on_to_the_agents_and_keep_them_in_the_log() throws IOException {
        String sent = "[ {\"type\":3, \"data\":{\"source\":1,\"positions\":[]}},{\"type\":5,\"data\":{\"s\":\"\\u00e9\u00e9\"}} ]";
        StreamBatch b = StreamBatch.of(4, false, events(sent));
        try {
            assertThat(RecordingSession.json(b.live())).isEqualTo("{\"channel\":\"/service/session/stream\",\"data\":{\"v\":1,"
                    + "\"seq\":4,\"events\":" + sent + "}}");
            assertThat(b.eventCount()).isEqualTo(2);
            assertThat(b.size() - StreamBatch.OVERHEAD).isEqualTo(b.offHeapCapacity())
                    .isEqualTo(sent.getBytes(StandardCharsets.UTF_8).length);
        } finally {
            b.release();
        }
    }

    @Test
    void should_join_and_replay_the_masters_bytes_as_valid_json_whatever_their_spacing() throws IOException {
        List<StreamBatch> run = List.of(
                StreamBatch.of(7, false, events(" [ {\"type\":3,\"data\":{\"source\":1,\"n\":7}} ] ")),
                StreamBatch.of(8, false, events("[ ]")),
                StreamBatch.of(9, false, events("[\n{\"type\":5,\"data\":{\"n\":9}}\n]")));
        List<StreamChunk> chunks = run.stream().map(b -> new StreamChunk(b.seq(), false, b, b.size())).toList();
        StreamBatch joined = (StreamBatch) run.get(0).join(chunks);
        try {
            for (List<StreamBatch> log : List.of(run, List.of(joined))) {
                JsonNode replayed = SeedShapes.parse(RecordingSession.json(StreamBatch.replay(log, 1 << 20).get(0)));
                assertThat(replayed.path("data").path("events").findValuesAsText("n")).containsExactly("7", "9");
            }
        } finally {
            joined.release();
            run.forEach(StreamBatch::release);
        }
    }

    @Test
    void should_refuse_a_summarised_event_that_names_its_type_or_source_again() {
        // Browsers keep the last of repeated keys: the agents would replay a snapshot the summary says is custom.
        assertThatThrownBy(() -> events("[{\"type\":5,\"data\":{},\"type\":2}]"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("events[0] names 'type' twice");
        assertThatThrownBy(() -> events("[{\"type\":3,\"data\":{\"source\":1},\"data\":{\"source\":0}}]"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("names 'data' twice");
        assertThatThrownBy(() -> events("[{},{\"type\":3,\"data\":{\"source\":1,\"x\":1,\"source\":5}}]"))
                .isInstanceOf(JsonParseException.class).hasMessageContaining("events[1] names 'source' twice");
    }

    @Test
    void should_read_the_events_as_a_tree_when_the_bytes_are_not_utf8() throws IOException {
        String data = "{\"userToken\":\"123456789\",\"v\":1,\"seq\":7,\"events\":[{\"type\":5,\"data\":{\"x\":\"\u00e9\"}}]}";
        JsonNode read = read(data, StandardCharsets.UTF_16BE);
        assertThat(read.get("events")).isNotInstanceOf(PageEvents.class);
        assertThat(read).isEqualTo(SeedShapes.parse(data));
    }

    @Test
    void should_read_the_rest_of_the_data_as_a_tree() throws IOException {
        String data = "{\"userToken\":\"123456789\",\"v\":1,\"seq\":12345678901,\"events\":[],\"snapshot\":true,"
                + "\"extra\":{\"a\":[1,2.5,null]},\"events2\":\"x\"}";
        JsonNode read = read(data, StandardCharsets.UTF_8);
        assertThat(read.toString()).isEqualTo(data);
        assertThat(read.get("seq").isLong()).isTrue();
        assertThat(read("[1]", StandardCharsets.UTF_8)).as("data that is no object").isEqualTo(SeedShapes.parse("[1]"));
    }
}
