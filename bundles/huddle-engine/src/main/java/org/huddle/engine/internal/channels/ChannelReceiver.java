package org.huddle.engine.internal.channels;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.rooms.RoomChannel;

/** Gets what arrives on an open channel, on the transport's receive thread. */
@FunctionalInterface
public interface ChannelReceiver {
    void received(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source);

    /**
     * @return whether a datagram on Huddle's wire is this node's own, looped back, and was counted and dropped
     *         as such before anything else looks at it
     */
    default boolean ownDropped(Membership membership, InetSocketAddress source) {
        return false;
    }
}
