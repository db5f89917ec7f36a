package dev.tandem.bayeux.chat;

import dev.tandem.bayeux.BayeuxError;
import dev.tandem.bayeux.ServiceReply;
import dev.tandem.core.CapacityException;
import dev.tandem.core.InvalidRequestException;
import dev.tandem.core.SessionEndedException;
import dev.tandem.core.ShuttingDownException;
import dev.tandem.core.TandemException;
import dev.tandem.core.UnavailableException;
import dev.tandem.core.UnknownSessionException;
import dev.tandem.core.WrongRoleException;
import dev.tandem.core.chat.ChatTakenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps the chat engine's exceptions onto Bayeux error replies, keeping the exception's message for the user. */
final class ChatErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ChatErrors.class);

    private ChatErrors() {
    }

    static BayeuxError code(Throwable e) {
        if (e instanceof InvalidRequestException) {
            return BayeuxError.BAD_REQUEST;
        }
        if (e instanceof WrongRoleException) {
            return BayeuxError.FORBIDDEN;
        }
        if (e instanceof UnknownSessionException) {
            return BayeuxError.NOT_FOUND;
        }
        if (e instanceof SessionEndedException || e instanceof ChatTakenException) {
            return BayeuxError.GONE;
        }
        if (e instanceof CapacityException || e instanceof ShuttingDownException || e instanceof UnavailableException) {
            return BayeuxError.UNAVAILABLE;
        }
        return BayeuxError.INTERNAL_ERROR;
    }

    static ServiceReply reply(Throwable e) {
        BayeuxError code = code(e);
        if (code == BayeuxError.INTERNAL_ERROR) {
            LOG.warn("Chat request failed unexpectedly", e);
            return ServiceReply.error(code, e instanceof TandemException ? e.getMessage()
                    : "The server failed handling this request; retry later");
        }
        return ServiceReply.error(code, e.getMessage());
    }

    static ServiceReply forbidden(String message) {
        return ServiceReply.error(BayeuxError.FORBIDDEN, message);
    }
}
