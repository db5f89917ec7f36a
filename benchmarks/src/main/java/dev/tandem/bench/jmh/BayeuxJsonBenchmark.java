package dev.tandem.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Jackson on typical Bayeux batches: a batch of {@code batch} page-stream messages, each carrying
 * {@code events} rrweb incremental events (mutations with text, mouse moves) — the shape a master sends
 * and an agent receives — plus the {@code /meta/connect} a client sends hundreds of times a minute.
 * Decode three ways (tree, maps, streaming scan), encode two ways (tree, maps).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class BayeuxJsonBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    @Param({"1", "10"})
    public int batch;

    @Param({"1", "20"})
    public int events;

    private byte[] streamBatch;
    private byte[] connect;
    private JsonNode streamTree;
    private Object streamMaps;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ArrayNode messages = MAPPER.createArrayNode();
        for (int i = 0; i < batch; i++) {
            ObjectNode message = messages.addObject();
            message.put("channel", "/service/session/stream");
            message.put("id", Integer.toString(1000 + i));
            message.put("clientId", "31o4rzvhqd6tbr1o2fl8wq7qpqk");
            ObjectNode data = message.putObject("data");
            data.put("v", 1);
            data.put("seq", 5000 + i);
            ArrayNode list = data.putArray("events");
            for (int e = 0; e < events; e++) {
                list.add(e % 2 == 0 ? mutation(e) : mouseMove(e));
            }
        }
        streamBatch = MAPPER.writeValueAsBytes(messages);
        connect = MAPPER.writeValueAsBytes(MAPPER.readTree(
                "[{\"channel\":\"/meta/connect\",\"clientId\":\"31o4rzvhqd6tbr1o2fl8wq7qpqk\","
                        + "\"connectionType\":\"websocket\",\"id\":\"42\"}]"));
        streamTree = MAPPER.readTree(streamBatch);
        streamMaps = MAPPER.readValue(streamBatch, List.class);
    }

    private static ObjectNode mutation(int n) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", 3);
        event.put("timestamp", 1_700_000_000_000L + n);
        ObjectNode data = event.putObject("data");
        data.put("source", 0);
        ArrayNode adds = data.putArray("adds");
        for (int i = 0; i < 3; i++) {
            ObjectNode add = adds.addObject();
            add.put("parentId", 100 + n);
            add.putNull("nextId");
            ObjectNode node = add.putObject("node");
            node.put("type", 2);
            node.put("tagName", "div");
            node.putObject("attributes").put("class", "row item-" + i);
            node.putArray("childNodes");
            node.put("id", 1000 + n * 10 + i);
        }
        ArrayNode texts = data.putArray("texts");
        texts.addObject().put("id", 77).put("value", "Total: 1,234.56 EUR — updated just now");
        data.putArray("attributes");
        data.putArray("removes");
        return event;
    }

    private static ObjectNode mouseMove(int n) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("type", 3);
        event.put("timestamp", 1_700_000_000_000L + n);
        ObjectNode data = event.putObject("data");
        data.put("source", 1);
        ArrayNode positions = data.putArray("positions");
        for (int i = 0; i < 4; i++) {
            positions.addObject().put("x", 300 + i).put("y", 200 + i).put("id", 12).put("timeOffset", -i * 12);
        }
        return event;
    }

    @Benchmark
    public JsonNode decodeStreamToTree() throws IOException {
        return MAPPER.readTree(streamBatch);
    }

    @Benchmark
    public Object decodeStreamToMaps() throws IOException {
        return MAPPER.readValue(streamBatch, List.class);
    }

    /** What a relay needs from a stream batch without materialising it: channel, id and seq of each message. */
    @Benchmark
    public void decodeStreamScan(Blackhole bh) throws IOException {
        try (JsonParser p = JSON.createParser(streamBatch)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.START_OBJECT && "data".equals(name)) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            p.nextToken();
                            if ("seq".equals(field)) {
                                bh.consume(p.getLongValue());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else if (value.isStructStart()) {
                        p.skipChildren();
                    } else {
                        bh.consume(p.getText());
                    }
                }
            }
        }
    }

    @Benchmark
    public byte[] encodeStreamFromTree() throws IOException {
        return MAPPER.writeValueAsBytes(streamTree);
    }

    @Benchmark
    public byte[] encodeStreamFromMaps() throws IOException {
        return MAPPER.writeValueAsBytes(streamMaps);
    }

    @Benchmark
    public JsonNode decodeConnect() throws IOException {
        return MAPPER.readTree(connect);
    }

    @Benchmark
    public byte[] encodeConnectReply() throws IOException {
        Map<String, Object> advice = new LinkedHashMap<>();
        advice.put("reconnect", "retry");
        advice.put("interval", 0);
        advice.put("timeout", 30000);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("channel", "/meta/connect");
        reply.put("id", "42");
        reply.put("successful", true);
        reply.put("advice", advice);
        List<Object> batch = new ArrayList<>(1);
        batch.add(reply);
        return MAPPER.writeValueAsBytes(batch);
    }
}
