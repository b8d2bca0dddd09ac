package org.huddle.api;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * Somebody this node has heard from lately.
 *
 * @param handle   the name they go by
 * @param id       their Huddle node id, or empty when they are not a Huddle node (a beacon, backchannel's
 *                 client id is given here for backchannel peers)
 * @param address  where their datagrams come from
 * @param via      how they were heard: {@code rooms <name>, <name>} for Huddle nodes (from their presence
 *                 announcements), {@code room <name>} for clients of other wires, or {@code beacon}
 * @param lastSeen when they were last heard
 */
public record Peer(String handle, String id, InetSocketAddress address, String via, Instant lastSeen) {

    public Peer {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
