package dev.tandem.core;

import java.util.Optional;

/** A member's role in a co-browse session, with the numeric codes of the public API. */
public enum Role {
    /** The customer whose page is shared. */
    MASTER(1),
    /** The agent's view of the customer's page. */
    SLAVE(2),
    /** The agent's control plug-in; may stop the session. Its name is meaningless. */
    CONTROLLER(3);

    private final int code;

    Role(int code) {
        this.code = code;
    }

    /** The wire code: 1 master, 2 slave, 3 controller. */
    public int code() {
        return code;
    }

    /** The role for a wire code, or empty for any other number. */
    public static Optional<Role> fromCode(int code) {
        for (Role role : values()) {
            if (role.code == code) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
