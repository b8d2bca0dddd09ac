package org.huddle.api.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

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

    /**
     * Sends one datagram to a channel from a fresh socket, and passes every datagram that comes back to that
     * socket (unicast replies) to {@code replies} until the timeout. Blocks for the timeout.
     *
     * @param channel  where to send the probe
     * @param datagram the probe's bytes
     * @param timeout  how long to collect replies
     * @param replies  gets every reply, on the calling thread
     * @throws IOException when the probe could be sent on no interface
     * @since 1.1
     */
    default void probe(Channel channel, ByteBuffer datagram, Duration timeout, DatagramListener replies)
            throws IOException {
        throw new IOException("transport " + name() + " cannot send probes");
    }

    /**
     * @return what this transport sees of the network: every interface with what the automatic choice made
     *         of it, every join it attempted with the system's answer, and its socket settings
     * @since 1.1
     */
    default TransportDiagnosis diagnose() {
        return new TransportDiagnosis(name(), 0, false, 0, 0, List.of(), List.of());
    }
}
