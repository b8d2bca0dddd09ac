package org.huddle.engine.internal.channels;

import java.nio.ByteBuffer;

import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * Sends a datagram on a room's channel: how NACKs, resends, replays and history requests go out. It never
 * throws: a datagram that could not go (no transport bound, no interface up) is counted as
 * {@code delivery.send-failures}, and one that a bug stopped is logged too; the protocol's own retries cover
 * both, so the caller only stops what it was sending.
 */
@FunctionalInterface
public interface RoomSender {
    /** @return whether the datagram went out */
    boolean send(RoomChannel channel, ByteBuffer datagram);
}
