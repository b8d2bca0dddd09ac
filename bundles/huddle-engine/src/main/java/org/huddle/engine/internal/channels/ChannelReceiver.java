package org.huddle.engine.internal.channels;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.huddle.api.transport.Membership;
import org.huddle.engine.internal.rooms.RoomChannel;

/**
 * Gets every datagram that arrives on a membership the engine holds, on the transport's receive thread: the
 * receive pipeline's way in. It never throws.
 */
public interface ChannelReceiver {

    /** A datagram on a room channel (sealed ones are opened further on, so this is a base channel). */
    void received(RoomChannel channel, Membership membership, ByteBuffer payload, InetSocketAddress source);

    /** A datagram on the origin programs' discovery beacon (seed 004). */
    void beacon(Membership membership, ByteBuffer payload, InetSocketAddress source);
}
