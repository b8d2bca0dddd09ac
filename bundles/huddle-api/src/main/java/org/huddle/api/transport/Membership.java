package org.huddle.api.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open channel of a {@link Transport}: datagrams arriving on it go to the listener given to
 * {@link Transport#open}, and {@link #send} sends to all of it. Closing it leaves the groups.
 */
@ConsumerType
public interface Membership extends AutoCloseable {

    /** @return the channel this membership is on */
    Channel channel();

    /**
     * Sends one datagram to every group of the channel, on every interface the transport uses.
     *
     * @param datagram the bytes, from position to limit; at most {@link MessageCodec#MAX_DATAGRAM} bytes
     * @throws IOException when it could be sent on no interface at all
     */
    void send(ByteBuffer datagram) throws IOException;

    /**
     * Sends one datagram by unicast to one peer, for example a reply to where a probe came from.
     *
     * @param target   the peer's address and port
     * @param datagram the bytes, from position to limit
     * @throws IOException when it cannot be sent
     * @since 1.1
     */
    default void sendTo(InetSocketAddress target, ByteBuffer datagram) throws IOException {
        throw new IOException("this transport cannot send to a single peer");
    }

    /**
     * Sends to every group of the channel, as {@link #send}, a datagram that was received elsewhere (a bridge
     * relaying it from another transport), telling receivers where it came from when this transport can: their
     * limits per sender then apply to its origin, not to the bridge. A transport that cannot carry it (multicast,
     * where a datagram's source is the socket that sent it) sends the datagram as {@link #send} does.
     *
     * @param datagram the bytes, from position to limit
     * @param origin   where the datagram came from, as the other transport's listener was told
     * @throws IOException as {@link #send}
     * @since 1.4
     */
    default void relay(ByteBuffer datagram, InetSocketAddress origin) throws IOException {
        send(datagram);
    }

    /**
     * Whether a datagram came from this very membership (looped back by the host), for wires that carry no
     * sender id.
     *
     * @param source where a received datagram came from
     * @return true when one of this membership's own sockets sent it
     * @since 1.1
     */
    default boolean isOwn(InetSocketAddress source) {
        return false;
    }

    /** Leaves the channel; no more datagrams arrive. Idempotent. */
    @Override
    void close();
}
