package org.huddle.transport.jgroups.internal;

import java.io.DataInput;
import java.net.SocketException;
import java.util.Optional;
import java.util.function.Consumer;

import org.jgroups.Address;
import org.jgroups.protocols.TCP;
import org.jgroups.util.ByteArrayDataInputStream;

/**
 * JGroups' TCP transport with every frame sealed by the cluster's secret ({@link FrameSeal}) and bounded in size.
 * What JGroups' own TCP reads before any protocol sees it (a batch's message count, a payload's length) would
 * otherwise be a stranger's to choose, so the check is here, under JGroups' parsing, and not in a protocol above
 * it: the server refuses a frame longer than {@link #MAX_FRAME} before reading it (JGroups' {@code max_length}),
 * this class reads the rest and opens it, and only what opens goes on to JGroups. A frame that does not open
 * ends its connection (a stranger gets nothing back, not even an error) and is told to {@code refused}.
 *
 * <p>Public, with a public factory, so that a test can run a member that holds the secret outside OSGi.
 */
public final class SealedTcp extends TCP {

    /**
     * The longest sealed frame read: JGroups' bundler sends up to 64,000 bytes at once, and Huddle's largest
     * message (a datagram of {@code MessageCodec.MAX_DATAGRAM} with its channel's name) is far less; there is no
     * fragmentation in the stack, so nothing larger is ever reassembled either.
     */
    public static final int MAX_FRAME = 96 * 1024;

    private final FrameSeal seal;
    private final Consumer<Address> refused;

    SealedTcp(FrameSeal seal, Consumer<Address> refused) {
        this.seal = seal;
        this.refused = refused;
    }

    /**
     * For a test's member holding the secret: the same sealing, without a node around it.
     */
    public static TCP sealedWith(String secret, String cluster) {
        return new SealedTcp(FrameSeal.derive(secret, cluster), sender -> {
        });
    }

    @Override
    public void send(Address dest, byte[] data, int offset, int length) throws Exception {
        super.send(dest, seal.seal(data, offset, length), 0, length + FrameSeal.OVERHEAD);
    }

    /** A frame read from a connection: its length, then its bytes. */
    @Override
    public void receive(Address sender, DataInput in, int length) throws Exception {
        if (length > MAX_FRAME || length < 0) {
            refused.accept(sender);
            throw new SocketException("frame of " + length + " bytes, longer than " + MAX_FRAME);
        }
        byte[] sealed = new byte[length];
        in.readFully(sealed);
        byte[] frame = opened(sender, sealed, 0, length);
        super.receive(sender, new ByteArrayDataInputStream(frame), frame.length);
    }

    @Override
    public void receive(Address sender, byte[] data, int offset, int length) {
        try {
            byte[] frame = opened(sender, data, offset, length);
            super.receive(sender, frame, 0, frame.length);
        } catch (SocketException e) {
            // counted and told by opened(); nothing reaches JGroups
        }
    }

    /** @throws SocketException (which JGroups' connection takes as the end of it, silently) when it does not open */
    private byte[] opened(Address sender, byte[] sealed, int offset, int length) throws SocketException {
        if (length > MAX_FRAME) {
            refused.accept(sender);
            throw new SocketException("frame longer than " + MAX_FRAME + " bytes");
        }
        Optional<byte[]> frame = seal.open(sealed, offset, length);
        if (frame.isEmpty()) {
            refused.accept(sender);
            throw new SocketException("frame not sealed with this cluster's secret");
        }
        return frame.get();
    }
}
