package dev.tandem.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.BayeuxOptions;
import dev.tandem.bayeux.EncodedMessage;
import dev.tandem.bayeux.internal.BenchmarkSupport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/**
 * Tandem's own Bayeux codec (transport-bayeux's {@code JsonCodec}, through {@link BenchmarkSupport}) on the
 * batches a co-browse session is made of, each with what the server sends back:
 * <ul>
 *   <li>{@code connect}: a WebSocket client's {@code /meta/connect} (with {@code ack}) — the reply with advice;</li>
 *   <li>{@code service}: a {@code /service/session/join} request — the reply with data, and CometD's publish reply;</li>
 *   <li>{@code stream-1k}: a {@code /service/session/stream} batch of one rrweb event with 1 KiB of text — the
 *       agents' notification built once from the events' bytes ({@link EncodedMessage#ofData}), and the reply.</li>
 * </ul>
 * {@code decode} parses and checks the batch as the transports do; {@code encode} renders the answer's
 * messages (and, for the stream, the agents' notification); {@code frame} joins the sender's replies into the
 * frame (or HTTP body) that goes out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class BayeuxCodecBenchmark {
    private static final String CLIENT_ID = "6As3q-hPKbqz92wd-mNn-TVJnYI";
    private static final String STREAM = "/service/session/stream";
    private static final byte[] CLOSE = {'}'};

    @Param({"connect", "service", "stream-1k"})
    public String batch;

    private BenchmarkSupport.Codec codec;
    private byte[] request;
    private BayeuxMessage reply;
    private BayeuxMessage secondReply;
    private byte[] events;
    private List<BenchmarkSupport.Message> answer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        codec = BenchmarkSupport.codec(BayeuxOptions.DEFAULT);
        ObjectMapper mapper = new ObjectMapper();
        JsonNodeFactory json = JsonNodeFactory.instance;
        switch (batch) {
            case "connect" -> {
                request = ("[{\"id\":\"42\",\"channel\":\"/meta/connect\",\"clientId\":\"" + CLIENT_ID + "\","
                        + "\"connectionType\":\"websocket\",\"ext\":{\"ack\":41}}]").getBytes(StandardCharsets.UTF_8);
                ObjectNode advice = json.objectNode().put("reconnect", "retry").put("interval", 0)
                        .put("timeout", 30_000).put("maxInterval", 10_000);
                reply = BayeuxMessage.builder("/meta/connect").id("42").successful(true).advice(advice)
                        .ext(json.objectNode().put("ack", 42)).build();
            }
            case "service" -> {
                request = ("[{\"id\":\"7\",\"channel\":\"/service/session/join\",\"clientId\":\"" + CLIENT_ID + "\","
                        + "\"data\":{\"sessionToken\":\"874857119\",\"role\":2,\"name\":\"Bob\"}}]").getBytes(StandardCharsets.UTF_8);
                ObjectNode data = (ObjectNode) mapper.readTree("{\"userToken\":\"vg8WaZ6-IZO4XqaUnRmwFw\",\"userId\":2,"
                        + "\"users\":[{\"userId\":\"1\",\"role\":1,\"name\":\"John\"}],"
                        + "\"sessionHistoryId\":\"1c6ea96d-d353-4768-a7f8-3841d6d39ba2\"}");
                reply = BayeuxMessage.builder("/service/session/join").id("7").successful(true).data(data).build();
                secondReply = BayeuxMessage.builder("/service/session/join").id("7").successful(true).build();
            }
            case "stream-1k" -> {
                String eventsJson = "[{\"type\":5,\"data\":{\"tag\":\"filler\",\"payload\":{\"text\":\"" + "x".repeat(1024)
                        + "\"}},\"timestamp\":1796105366886}]";
                request = ("[{\"id\":\"9\",\"channel\":\"" + STREAM + "\",\"clientId\":\"" + CLIENT_ID + "\","
                        + "\"data\":{\"userToken\":\"xuVtzQ2jO4IJ9JaGZm7UOQ\",\"v\":1,\"seq\":3,\"events\":" + eventsJson
                        + "}}]").getBytes(StandardCharsets.UTF_8);
                events = eventsJson.getBytes(StandardCharsets.UTF_8);
                reply = BayeuxMessage.builder(STREAM).id("9").successful(true).data(json.objectNode()).build();
                secondReply = BayeuxMessage.builder(STREAM).id("9").successful(true).build();
            }
            default -> throw new IllegalArgumentException("batch: connect, service or stream-1k");
        }
        answer = secondReply == null ? List.of(codec.encode(reply)) : List.of(codec.encode(reply), codec.encode(secondReply));
    }

    @Benchmark
    public List<BayeuxMessage> decode() {
        return codec.decode(request);
    }

    @Benchmark
    public void encode(Blackhole bh) {
        bh.consume(codec.encode(reply));
        if (secondReply != null) {
            bh.consume(codec.encode(secondReply));
        }
        if (events != null) {
            bh.consume(EncodedMessage.ofData(STREAM, List.of(
                    ByteBuffer.wrap("{\"v\":1,\"seq\":3,\"events\":".getBytes(StandardCharsets.US_ASCII)),
                    ByteBuffer.wrap(events), ByteBuffer.wrap(CLOSE))));
        }
    }

    @Benchmark
    public byte[] frame() {
        return codec.frame(answer);
    }
}
