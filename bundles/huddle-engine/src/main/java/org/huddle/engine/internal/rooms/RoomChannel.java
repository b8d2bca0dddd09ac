package org.huddle.engine.internal.rooms;

import org.huddle.api.Wire;
import org.huddle.api.transport.Channel;
import org.huddle.api.transport.MessageCodec;
import org.huddle.engine.internal.sealing.RoomSecret;
import org.huddle.engine.internal.sealing.SealedDatagram;

/**
 * Where a room's traffic goes, in which format and, for an encrypted room, sealed with which key. Rooms
 * with equal values share one membership; an encrypted room's traffic goes through the membership of its
 * {@link #base()} channel, sealed (docs/security.md).
 *
 * @param wire    the wire format
 * @param channel the channel, or {@code null} to follow the transport's default channel (which moves when
 *                the transport is reconfigured)
 * @param secret  the keys of an encrypted room (Huddle's wire only), or {@code null} for an open one
 */
public record RoomChannel(Wire wire, Channel channel, RoomSecret secret) {

    public static final RoomChannel DEFAULT = new RoomChannel(Wire.HUDDLE, null);

    public RoomChannel {
        if (secret != null && wire != Wire.HUDDLE) {
            throw new IllegalArgumentException("only Huddle's wire can be sealed");
        }
    }

    /** An open room's channel. */
    RoomChannel(Wire wire, Channel channel) {
        this(wire, channel, null);
    }

    public boolean followsDefault() {
        return channel == null;
    }

    public boolean sealed() {
        return secret != null;
    }

    /**
     * @return the longest datagram of the wire's codec that still fits once on its way: an encrypted room's
     *         seal comes on top of each, which must stay within the codec's limit (a 1280-byte path)
     */
    public int maxDatagram(MessageCodec codec) {
        return codec.maxDatagram() - (sealed() ? SealedDatagram.OVERHEAD : 0);
    }

    /** @return the open channel whose membership carries this one's datagrams: itself when not sealed */
    public RoomChannel base() {
        return secret == null ? this : new RoomChannel(wire, channel);
    }

    /** @return this channel sealed with a room's keys */
    RoomChannel sealedWith(RoomSecret roomSecret) {
        return new RoomChannel(wire, channel, roomSecret);
    }

    /** @return for people, for example {@code 224.6.8.11:6811 (backchannel wire)} or {@code … (encrypted)} */
    public String describe(Channel actual) {
        return actual + (wire == Wire.HUDDLE ? "" : " (" + wire.label() + " wire)") + (sealed() ? " (encrypted)" : "");
    }
}
