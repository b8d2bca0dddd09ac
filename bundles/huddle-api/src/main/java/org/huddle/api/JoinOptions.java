package org.huddle.api;

import java.util.List;
import java.util.Objects;

/**
 * How to join a room: which wire it speaks and where its traffic goes.
 *
 * @param wire   the room's wire format
 * @param groups multicast group literals (IPv4 and/or IPv6); empty for the wire's default: the transport's
 *               configured groups for {@link Wire#HUDDLE}, the origin program's group otherwise
 * @param port   UDP port, or 0 for the wire's default
 */
public record JoinOptions(Wire wire, List<String> groups, int port) {

    /** Huddle's wire on the transport's default channel. */
    public static final JoinOptions DEFAULT = new JoinOptions(Wire.HUDDLE, List.of(), 0);

    public JoinOptions {
        Objects.requireNonNull(wire, "wire");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** @return whether neither groups nor port were given */
    public boolean defaultChannel() {
        return groups.isEmpty() && port == 0;
    }
}
