package org.huddle.engine.internal.bundling;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;

/**
 * Several datagrams of Huddle's wire carried as one (docs/protocol.md, Bundles): while a sender has a backlog
 * on a channel, its datagrams travel together, so a receiver takes one system call, one flood-control check
 * and, in an encrypted room, one seal for all of them.
 *
 * <pre>
 * 0  2  magic "HB" (never the start of a JSON text, of a sealed datagram "HS", or of an origin program's)
 * 2  1  version 1
 * 3  …  parts, each: length (2 bytes, big-endian, 1 to 1232) | that many bytes: one datagram of Huddle's wire
 * </pre>
 *
 * A bundle is at most {@link MessageCodec#MAX_DATAGRAM} bytes like any datagram, holds at least two parts, and a
 * part is never a bundle or sealed: receivers split it once and decode each part as if it had arrived alone.
 */
public final class DatagramBundle {

    static final byte MAGIC_0 = 'H';
    static final byte MAGIC_1 = 'B';
    static final byte VERSION = 1;
    static final int HEADER = 3;
    /** What each part adds: its length. */
    public static final int PART_OVERHEAD = 2;

    private DatagramBundle() {
    }

    /** @return whether a datagram is framed as a bundle (checked by its first two bytes only) */
    public static boolean isBundle(ByteBuffer datagram) {
        int p = datagram.position();
        return datagram.remaining() >= 2 && datagram.get(p) == MAGIC_0 && datagram.get(p + 1) == MAGIC_1;
    }

    /** @return the size of a bundle of parts of these sizes in all, with {@code count} parts */
    public static int size(int partBytes, int count) {
        return HEADER + partBytes + count * PART_OVERHEAD;
    }

    /**
     * @param parts at least two datagrams, each left as it is (their positions are not moved)
     * @return the bundle, ready to be read
     * @throws IllegalArgumentException for fewer than two parts, an empty one, or more bytes than a datagram holds
     */
    public static ByteBuffer pack(List<ByteBuffer> parts) {
        if (parts.size() < 2) {
            throw new IllegalArgumentException("a bundle holds at least two datagrams, not " + parts.size());
        }
        int bytes = 0;
        for (ByteBuffer part : parts) {
            if (!part.hasRemaining()) {
                throw new IllegalArgumentException("an empty datagram cannot be bundled");
            }
            bytes += part.remaining();
        }
        int size = size(bytes, parts.size());
        if (size > MessageCodec.MAX_DATAGRAM) {
            throw new IllegalArgumentException("a bundle of " + size + " bytes is over the datagram limit of "
                    + MessageCodec.MAX_DATAGRAM);
        }
        ByteBuffer bundle = ByteBuffer.allocate(size).put(MAGIC_0).put(MAGIC_1).put(VERSION);
        for (ByteBuffer part : parts) {
            bundle.putShort((short) part.remaining()).put(part.duplicate());
        }
        return bundle.flip();
    }

    /**
     * @param bundle a datagram for which {@link #isBundle} holds; its position is not moved
     * @return its parts, as views of its bytes
     * @throws MalformedDatagramException ({@code bad-bundle}) when it is over the datagram limit, of another
     *         version, holds fewer than two parts, an empty part or one that runs past its end
     */
    public static List<ByteBuffer> split(ByteBuffer bundle) throws MalformedDatagramException {
        if (bundle.remaining() > MessageCodec.MAX_DATAGRAM) {
            throw new MalformedDatagramException(Reason.OVERSIZED, bundle.remaining() + " bytes");
        }
        ByteBuffer in = bundle.duplicate();
        if (in.remaining() < HEADER || in.get() != MAGIC_0 || in.get() != MAGIC_1) {
            throw new MalformedDatagramException(Reason.BAD_BUNDLE, "not a bundle");
        }
        if (in.get() != VERSION) {
            throw new MalformedDatagramException(Reason.BAD_BUNDLE, "bundle version " + in.get(in.position() - 1));
        }
        List<ByteBuffer> parts = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < PART_OVERHEAD) {
                throw new MalformedDatagramException(Reason.BAD_BUNDLE, "cut off in a part's length");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (length == 0 || length > in.remaining()) {
                throw new MalformedDatagramException(Reason.BAD_BUNDLE, "a part of " + length + " bytes where "
                        + in.remaining() + " are left");
            }
            parts.add(in.slice(in.position(), length));
            in.position(in.position() + length);
        }
        if (parts.size() < 2) {
            throw new MalformedDatagramException(Reason.BAD_BUNDLE, "a bundle of " + parts.size() + " part");
        }
        return parts;
    }
}
