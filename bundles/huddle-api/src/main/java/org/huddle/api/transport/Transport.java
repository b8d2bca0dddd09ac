package org.huddle.api.transport;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Moves datagrams between this node and its peers. Transports are registered as services, usually by
 * factory components (one per configuration), with the {@link #NAME} and {@code service.ranking}
 * properties; the engine uses the highest-ranked one that its configuration's target filter allows.
 */
@ConsumerType
public interface Transport {

    /** Service property: the configured name of this transport instance, for example {@code default}. */
    String NAME = "huddle.transport.name";

    /** Service property: what kind of transport this is, for example {@code multicast}. */
    String KIND = "huddle.transport.kind";

    /** @return the configured name of this instance */
    String name();

    /** @return the channel this transport was configured with, used by rooms that name no other */
    Channel defaultChannel();

    /**
     * Starts receiving on a channel.
     *
     * @param channel  where to listen and send
     * @param listener gets every datagram that arrives, on the transport's receive thread
     * @return the open membership; close it to stop
     * @throws IOException when the channel cannot be opened on any interface
     */
    Membership open(Channel channel, DatagramListener listener) throws IOException;

    /** @return a snapshot of this transport's counters */
    TransportStats stats();
}
