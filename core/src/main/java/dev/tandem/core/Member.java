package dev.tandem.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The public view of a session member, as other members see it.
 *
 * @param userId the member's number within its session (1, 2, 3…), never reused within a session
 * @param role   the member's role
 * @param name   the display name given at join, if any (meaningless for a controller)
 */
public record Member(int userId, Role role, Optional<String> name) {
    public Member {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
    }
}
