package org.huddle.transport.jgroups.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.huddle.api.transport.Channel;

/**
 * One JGroups cluster carries every channel, so each message says which channel its datagram is on. Two layouts
 * (docs/protocol.md, JGroups frames):
 * <ul>
 * <li>a member's own datagram: the channel's name ({@link Channel#toString()}, UTF-8, 1 to 255 bytes, after one
 * length byte) followed by the datagram, unchanged (sealed datagrams stay sealed: the cluster never sees a room's
 * key);</li>
 * <li>a datagram a bridge relays from another transport: a 0 byte (no name is empty, so the first layout never
 * starts so), the layout's version {@link #RELAYED}, the address the datagram came from (its length, 4 or 16, its
 * bytes, its port in two bytes), then the first layout.</li>
 * </ul>
 */
final class ChannelFrames {

    /** The version byte of a relayed frame. */
    static final byte RELAYED = 2;

    /**
     * A channel's name, the datagram a frame carried, and where a bridge got it ({@code null} for a member's own).
     */
    record Frame(String channel, ByteBuffer datagram, InetSocketAddress origin) {
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

    /** @param origin where the datagram came from, on the other transport */
    static byte[] relayed(byte[] channelName, ByteBuffer datagram, InetSocketAddress origin) {
        byte[] address = origin.getAddress().getAddress();
        byte[] plain = frame(channelName, datagram);
        ByteBuffer frame = ByteBuffer.allocate(3 + address.length + 2 + plain.length);
        frame.put((byte) 0).put(RELAYED).put((byte) address.length).put(address).putShort((short) origin.getPort())
                .put(plain);
        return frame.array();
    }

    /** @return the frame in {@code bytes[offset, offset + length)}, or empty when it is not one */
    static Optional<Frame> read(byte[] bytes, int offset, int length) {
        if (length < 1) {
            return Optional.empty();
        }
        if (bytes[offset] != 0) {
            return plain(bytes, offset, length, null);
        }
        if (length < 3 || bytes[offset + 1] != RELAYED) {
            return Optional.empty();
        }
        int addressLength = bytes[offset + 2] & 0xff;
        int header = 3 + addressLength + 2;
        if (addressLength != 4 && addressLength != 16 || length < header) {
            return Optional.empty();
        }
        byte[] address = new byte[addressLength];
        System.arraycopy(bytes, offset + 3, address, 0, addressLength);
        int port = ((bytes[offset + 3 + addressLength] & 0xff) << 8) | (bytes[offset + 4 + addressLength] & 0xff);
        try {
            return plain(bytes, offset + header, length - header,
                    new InetSocketAddress(InetAddress.getByAddress(address), port));
        } catch (UnknownHostException e) {
            return Optional.empty(); // not thrown for 4 or 16 bytes
        }
    }

    private static Optional<Frame> plain(byte[] bytes, int offset, int length, InetSocketAddress origin) {
        if (length < 1) {
            return Optional.empty();
        }
        int nameLength = bytes[offset] & 0xff;
        if (nameLength == 0 || 1 + nameLength > length) {
            return Optional.empty();
        }
        String name = new String(bytes, offset + 1, nameLength, StandardCharsets.UTF_8);
        int start = offset + 1 + nameLength;
        return Optional.of(new Frame(name, ByteBuffer.wrap(bytes, start, offset + length - start).slice(), origin));
    }
}
