package dev.tandem.bayeux.internal;

import dev.tandem.bayeux.BayeuxMessage;
import dev.tandem.bayeux.BayeuxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine's codec and outbound queue, as the JMH microbenchmarks of the {@code benchmarks} module drive
 * them. Not API: it exists so that {@link JsonCodec} and {@link OutboundQueue} can stay package-private while
 * being measured exactly as the server runs them (the public path to them goes through a socket, where the
 * network and the event loop would dominate the figures).
 */
public final class BenchmarkSupport {
    private BenchmarkSupport() {
    }

    /** The codec of a server with {@code options}. */
    public static Codec codec(BayeuxOptions options) {
        return new Codec(BayeuxContext.codec(Objects.requireNonNull(options, "options")));
    }

    /** An empty outbound queue bounded as a client's queue of a server with {@code options}. */
    public static Queue queue(BayeuxOptions options) {
        return new Queue(new OutboundQueue(options.maxQueueMessages(), options.maxQueueBytes()));
    }

    /** One message already encoded, as queues hold it. */
    public static final class Message {
        private final Encoded encoded;

        private Message(Encoded encoded) {
            this.encoded = encoded;
        }

        /** Wraps an encoded JSON object (a message on {@code channel}); the array is not copied. */
        public static Message of(String channel, byte[] json) {
            return new Message(new Encoded(json, ChannelFamily.of(channel)));
        }

        public byte[] json() {
            return encoded.json();
        }
    }

    /** {@link JsonCodec}: decode a batch, encode a message, join encoded messages into a frame. */
    public static final class Codec {
        private final JsonCodec codec;

        private Codec(JsonCodec codec) {
            this.codec = codec;
        }

        /** Decodes a batch as the transports do; returns its messages (failed ones throw). */
        public List<BayeuxMessage> decode(byte[] batch) {
            DecodedBatch d = codec.decode(batch);
            if (d.isFailed()) {
                throw new IllegalArgumentException(d.error().wire(d.failure()));
            }
            List<BayeuxMessage> out = new ArrayList<>(d.messages().size());
            for (Decoded m : d.messages()) {
                if (!(m instanceof Decoded.Ok ok)) {
                    throw new IllegalArgumentException("A message of the batch is unusable: " + m);
                }
                out.add(ok.message());
            }
            return out;
        }

        /** Encodes one message (a reply, a notification). */
        public Message encode(BayeuxMessage message) {
            return new Message(codec.encode(message));
        }

        /** Joins messages into one JSON array: the body of a WebSocket frame or an HTTP response. */
        public byte[] frame(List<Message> messages) {
            List<Encoded> parts = new ArrayList<>(messages.size());
            for (Message m : messages) {
                parts.add(m.encoded);
            }
            return JsonCodec.array(parts);
        }
    }

    /** {@link OutboundQueue}: a client's bounded queue (and its ack book-keeping). Not thread-safe. */
    public static final class Queue {
        private final OutboundQueue queue;

        private Queue(OutboundQueue queue) {
            this.queue = queue;
        }

        /** Queues a message; false when a bound would be exceeded. */
        public boolean offer(Message m) {
            return queue.offer(m.encoded);
        }

        /** Removes up to {@code maxCount} messages of about {@code maxBytes} at most, as a WebSocket drain does; returns how many. */
        public int poll(int maxCount, long maxBytes) {
            return queue.poll(maxCount, maxBytes).size();
        }

        /** Ack mode: takes the next batch (kept until acknowledged); returns how many. */
        public int takeBatch(int maxCount, long maxBytes) {
            return queue.takeBatch(maxCount, maxBytes).size();
        }

        /** The number of the last batch taken. */
        public long batch() {
            return queue.batch();
        }

        /** Ack mode: the client received every batch up to {@code batch}. */
        public void acknowledge(long batch) {
            queue.acknowledge(batch);
        }

        public int size() {
            return queue.size();
        }
    }
}
