package org.huddle.transport.jgroups.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.huddle.api.transport.Channel;

/**
 * One JGroups cluster carries every channel, so each message says which channel its datagram is on: a frame is
 * the channel's name ({@link Channel#toString()}, UTF-8, after one length byte) followed by the datagram,
 * unchanged (sealed datagrams stay sealed: the cluster never sees a room's key).
 */
final class ChannelFrames {

    /** A channel's name and the datagram a frame carried. */
    record Frame(String channel, ByteBuffer datagram) {
    }

    private ChannelFrames() {
    }

    static byte[] name(Channel channel) {
        byte[] name = channel.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) {
            throw new IllegalArgumentException("channel name longer than 255 bytes: " + channel);
        }
        return name;
    }

    static byte[] frame(byte[] channelName, ByteBuffer datagram) {
        byte[] frame = new byte[1 + channelName.length + datagram.remaining()];
        frame[0] = (byte) channelName.length;
        System.arraycopy(channelName, 0, frame, 1, channelName.length);
        datagram.duplicate().get(frame, 1 + channelName.length, datagram.remaining());
        return frame;
    }

    /** @return the frame in {@code bytes[offset, offset + length)}, or empty when it is not one */
    static Optional<Frame> read(byte[] bytes, int offset, int length) {
        if (length < 1) {
            return Optional.empty();
        }
        int nameLength = bytes[offset] & 0xff;
        if (nameLength == 0 || 1 + nameLength > length) {
            return Optional.empty();
        }
        String name = new String(bytes, offset + 1, nameLength, StandardCharsets.UTF_8);
        int start = offset + 1 + nameLength;
        return Optional.of(new Frame(name, ByteBuffer.wrap(bytes, start, offset + length - start).slice()));
    }
}
