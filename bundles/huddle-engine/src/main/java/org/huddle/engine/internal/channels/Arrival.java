package org.huddle.engine.internal.channels;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * A datagram on its way through the receive pipeline: the channel it counts as arriving on (an encrypted
 * room's sealed channel once it is opened), that channel's membership ({@code null} in the moment before a
 * new membership is known), its bytes and where it came from.
 */
public record Arrival(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source) {

    /** @return the same arrival with other bytes: an opened seal, or one part of a bundle */
    public Arrival with(ByteBuffer bytes) {
        return new Arrival(channel, membership, bytes, source);
    }
}
