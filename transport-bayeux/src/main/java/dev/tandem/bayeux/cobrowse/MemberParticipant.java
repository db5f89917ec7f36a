package dev.tandem.bayeux.cobrowse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.bayeux.ServerSession;
import dev.tandem.core.Notification;
import dev.tandem.core.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session member as the engine sees it: renders notifications onto the seed's channels and queues them on
 * the member's Bayeux client (bounded; never blocks). {@code deactivated} carries the reason in
 * {@code ext.tandem.reason} so that {@code data} keeps exactly the seed's shape.
 */
final class MemberParticipant implements Participant {
    private static final Logger LOG = LoggerFactory.getLogger(MemberParticipant.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ServerSession session;

    MemberParticipant(ServerSession session) {
        this.session = session;
    }

    @Override
    public void deliver(Notification notification) {
        if (notification instanceof Notification.UserJoined j) {
            session.deliver(CobrowseServices.JOINED, CobrowseJson.member(j.member()));
        } else if (notification instanceof Notification.Activated a) {
            session.deliver(CobrowseServices.ACTIVATED, JSON.objectNode().put("activationTime", a.activationTime()));
        } else if (notification instanceof Notification.Deactivated d) {
            ObjectNode data = JSON.objectNode();
            if (d.activationTime().isPresent()) {
                data.put("activationTime", d.activationTime().getAsLong());
            } else {
                data.putNull("activationTime");
            }
            data.put("deactivationTime", d.deactivationTime());
            ObjectNode ext = JSON.objectNode();
            ext.putObject("tandem").put("reason", d.reason().clientReason());
            session.deliver(CobrowseServices.DEACTIVATED, data, ext);
        } else {
            LOG.debug("No co-browse channel for {}", notification.getClass().getSimpleName());
        }
    }
}
