package org.huddle.engine.internal;

import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;

/**
 * Where a room's traffic goes and in which format. Rooms with equal values share one membership.
 *
 * @param wire    the wire format
 * @param channel the channel, or {@code null} to follow the transport's default channel (which moves when
 *                the transport is reconfigured)
 */
record RoomChannel(Wire wire, Channel channel) {

    static final RoomChannel DEFAULT = new RoomChannel(Wire.HUDDLE, null);

    boolean followsDefault() {
        return channel == null;
    }

    /** @return for people, for example {@code 224.6.8.11:6811 (backchannel wire)} */
    String describe(Channel actual) {
        return actual + (wire == Wire.HUDDLE ? "" : " (" + wire.label() + " wire)");
    }
}
