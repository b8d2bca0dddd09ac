package org.huddle.engine.internal.channels;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.huddle.engine.internal.rooms.RoomChannel;

/** Sends a datagram on a room's channel: how NACKs and retransmissions go out. */
@FunctionalInterface
public interface RoomSender {
    void send(RoomChannel channel, ByteBuffer datagram) throws IOException;
}
