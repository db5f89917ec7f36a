package dev.tandem.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A request to join a session.
 *
 * @param token  the session to join
 * @param role   the role to join as
 * @param name   optional display name (ignored for a controller); at most {@link #MAX_NAME_LENGTH} chars
 * @param resume a userToken held from an earlier join of this session: the member comes back (after a
 *               page load or a reconnect) with the same userId instead of joining anew
 */
public record JoinRequest(SessionToken token, Role role, Optional<String> name, Optional<UserToken> resume) {
    public static final int MAX_NAME_LENGTH = 256;

    public JoinRequest {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resume, "resume");
        if (name.isPresent() && name.get().length() > MAX_NAME_LENGTH) {
            throw new InvalidRequestException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
    }

    public static JoinRequest of(SessionToken token, Role role) {
        return new JoinRequest(token, role, Optional.empty(), Optional.empty());
    }
}
