package dev.tandem.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Bayeux message, inbound or outbound. Only the fields Bayeux 1.0 and CometD use are kept; unknown
 * top-level fields of inbound messages are ignored. Absent fields are null. The JSON nodes must be treated
 * as read-only.
 *
 * @param channel                  the channel, e.g. {@code /meta/connect}, {@code /service/session/join}
 * @param id                       the message id, echoed in replies
 * @param clientId                 the sender's (or addressee's) clientId
 * @param data                     application data
 * @param ext                      extension fields ({@code ack}, {@code timesync}, …)
 * @param advice                   reconnect advice
 * @param successful               set on replies
 * @param error                    {@code code:args:message} on failed replies
 * @param subscription             the channel of a (un)subscribe
 * @param connectionType           the transport of a connect
 * @param version                  the protocol version of a handshake
 * @param minimumVersion           the lowest protocol version of a handshake
 * @param supportedConnectionTypes the transports of a handshake
 */
public record BayeuxMessage(String channel, String id, String clientId, JsonNode data, ObjectNode ext,
                            ObjectNode advice, Boolean successful, String error, String subscription,
                            String connectionType, String version, String minimumVersion,
                            List<String> supportedConnectionTypes) {

    public BayeuxMessage {
        supportedConnectionTypes = supportedConnectionTypes == null ? null : List.copyOf(supportedConnectionTypes);
    }

    /** A builder for a message on {@code channel}. */
    public static Builder builder(String channel) {
        return new Builder().channel(channel);
    }

    /** A builder holding this message's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.channel = channel;
        b.id = id;
        b.clientId = clientId;
        b.data = data;
        b.ext = ext;
        b.advice = advice;
        b.successful = successful;
        b.error = error;
        b.subscription = subscription;
        b.connectionType = connectionType;
        b.version = version;
        b.minimumVersion = minimumVersion;
        b.supportedConnectionTypes = supportedConnectionTypes;
        return b;
    }

    /** Whether the channel is under {@code /meta/}. */
    public boolean isMeta() {
        return channel != null && channel.startsWith("/meta/");
    }

    /** Whether the channel is under {@code /service/}. */
    public boolean isService() {
        return channel != null && channel.startsWith("/service/");
    }

    /** Builds {@link BayeuxMessage}s. */
    public static final class Builder {
        private String channel;
        private String id;
        private String clientId;
        private JsonNode data;
        private ObjectNode ext;
        private ObjectNode advice;
        private Boolean successful;
        private String error;
        private String subscription;
        private String connectionType;
        private String version;
        private String minimumVersion;
        private List<String> supportedConnectionTypes;

        private Builder() {
        }

        public Builder channel(String v) { channel = v; return this; }
        public Builder id(String v) { id = v; return this; }
        public Builder clientId(String v) { clientId = v; return this; }
        public Builder data(JsonNode v) { data = v; return this; }
        public Builder ext(ObjectNode v) { ext = v; return this; }
        public Builder advice(ObjectNode v) { advice = v; return this; }
        public Builder successful(Boolean v) { successful = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder subscription(String v) { subscription = v; return this; }
        public Builder connectionType(String v) { connectionType = v; return this; }
        public Builder version(String v) { version = v; return this; }
        public Builder minimumVersion(String v) { minimumVersion = v; return this; }
        public Builder supportedConnectionTypes(List<String> v) { supportedConnectionTypes = v; return this; }

        public BayeuxMessage build() {
            return new BayeuxMessage(channel, id, clientId, data, ext, advice, successful, error, subscription,
                    connectionType, version, minimumVersion, supportedConnectionTypes);
        }
    }
}
