package org.huddle.api.transport;

import java.io.IOException;
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

    /** Leaves the channel; no more datagrams arrive. Idempotent. */
    @Override
    void close();
}
