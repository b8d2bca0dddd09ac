package org.huddle.api;

import java.util.List;
import java.util.Objects;

/**
 * How to join a room: which wire it speaks, where its traffic goes, and whether it is encrypted.
 *
 * @param wire       the room's wire format
 * @param groups     multicast group literals (IPv4 and/or IPv6); empty for the wire's default: the
 *                   transport's configured groups for {@link Wire#HUDDLE}, the origin program's group
 *                   otherwise
 * @param port       UDP port, or 0 for the wire's default
 * @param passphrase the room's passphrase, from which its key is derived; empty for an open room (anyone
 *                   on the network can read and write there). Only Huddle's wire can be encrypted.
 * @since 1.3 (passphrase)
 */
public record JoinOptions(Wire wire, List<String> groups, int port, String passphrase) {

    /** Huddle's wire on the transport's default channel, open. */
    public static final JoinOptions DEFAULT = new JoinOptions(Wire.HUDDLE, List.of(), 0, "");

    public JoinOptions {
        Objects.requireNonNull(wire, "wire");
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
        Objects.requireNonNull(passphrase, "passphrase");
    }

    /** Options of an open room (API 1.1). */
    public JoinOptions(Wire wire, List<String> groups, int port) {
        this(wire, groups, port, "");
    }

    /** @return whether the room is encrypted with a passphrase */
    public boolean encrypted() {
        return !passphrase.isEmpty();
    }

    /** Never the passphrase: options end up in logs and error messages. */
    @Override
    public String toString() {
        return "JoinOptions[wire=" + wire + ", groups=" + groups + ", port=" + port
                + (encrypted() ? ", encrypted" : ", open") + "]";
    }

    /** @return whether neither groups nor port were given */
    public boolean defaultChannel() {
        return groups.isEmpty() && port == 0;
    }
}
