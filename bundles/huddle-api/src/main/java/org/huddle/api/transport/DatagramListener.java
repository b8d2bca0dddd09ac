package org.huddle.api.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the datagrams of a {@link Membership}.
 */
@ConsumerType
@FunctionalInterface
public interface DatagramListener {

    /**
     * One datagram arrived. Called on the transport's receive thread: return quickly, and do not keep
     * the buffer, which the transport reuses after the call. Exceptions are counted by the transport
     * and do not stop it.
     *
     * @param payload the datagram's bytes, from position to limit
     * @param source  the sender's address and port
     */
    void received(ByteBuffer payload, InetSocketAddress source);
}
