package org.huddle.engine.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.Transport;
import org.huddle.api.transport.TransportStats;

/**
 * A test-only transport in the spirit of JGroups' SHARED_LOOPBACK: every membership opened on one
 * {@link Hub} receives every datagram sent by any membership of it (the sender's own included, as
 * multicast loop does), synchronously, with optional extra copies to provoke duplicates.
 */
final class InVmTransport implements Transport {

    /** The shared medium. */
    static final class Hub {
        final Set<DatagramListener> listeners = new CopyOnWriteArraySet<>();
        final AtomicInteger copies = new AtomicInteger(1);

        void deliver(ByteBuffer datagram, InetSocketAddress source) {
            for (DatagramListener l : listeners) {
                for (int i = 0; i < copies.get(); i++) {
                    l.received(datagram.duplicate(), source);
                }
            }
        }
    }

    private static final Channel CHANNEL;

    static {
        try {
            CHANNEL = new Channel(List.of(InetAddress.getByName("239.255.72.68")), 7446);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Hub hub;
    private final AtomicLong sent = new AtomicLong();

    InVmTransport(String name, Hub hub) {
        this.name = name;
        this.hub = hub;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Channel defaultChannel() {
        return CHANNEL;
    }

    @Override
    public Membership open(Channel channel, DatagramListener listener) {
        hub.listeners.add(listener);
        InetSocketAddress self = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        return new Membership() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public void send(ByteBuffer datagram) {
                sent.incrementAndGet();
                hub.deliver(datagram, self);
            }

            @Override
            public void close() {
                hub.listeners.remove(listener);
            }
        };
    }

    @Override
    public TransportStats stats() {
        return new TransportStats(name, "in-VM", sent.get(), 0, 0, 0, 0, 0);
    }
}
