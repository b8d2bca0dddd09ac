package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;

/**
 * One probe: a fresh socket per address family, so that the only datagrams arriving on it are unicast
 * replies to this probe (its ephemeral port is on no group), read on the caller's thread until the timeout.
 */
final class ProbeSocket {

    /** Larger than any UDP payload, so that no reply is silently truncated. */
    private static final int BUFFER_SIZE = 65536;

    private final List<DatagramChannel> sockets = new ArrayList<>();
    private final TransportCounters counters;
    private final Warnings warnings;

    private ProbeSocket(TransportCounters counters, Warnings warnings) {
        this.counters = counters;
        this.warnings = warnings;
    }

    /**
     * Sends the probe to every group of the channel (and their site-local twins, see
     * {@link SocketSettings#scopedGroups}) on every interface, then hands every reply to {@code replies}
     * until the timeout.
     *
     * @throws IOException when no copy of the probe could be sent
     */
    static void probe(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings, ByteBuffer datagram,
            Duration timeout, DatagramListener replies, SocketContext context) throws IOException {
        ProbeSocket probe = new ProbeSocket(context.counters(), context.warnings());
        try (Selector selector = Selector.open()) {
            List<InetAddress> groups = settings.scopedGroups(channel.groups());
            List<String> failures = new ArrayList<>();
            int sent = 0;
            for (ProtocolFamily family : SocketSet.families(groups)) {
                DatagramChannel socket;
                try {
                    socket = probe.open(family, settings);
                } catch (IOException | RuntimeException e) {
                    failures.add("no " + SocketSet.familyName(family) + " socket: " + e.getMessage());
                    continue;
                }
                socket.register(selector, SelectionKey.OP_READ);
                for (InetAddress group : groups) {
                    if (SocketSet.family(group) == family) {
                        sent += probe.send(socket, new InetSocketAddress(group, channel.port()), interfaces, datagram,
                                failures);
                    }
                }
            }
            if (sent == 0) {
                throw new IOException("could not send the probe to " + channel + ": " + String.join("; ", failures));
            }
            probe.collect(selector, timeout, replies);
        } finally {
            probe.close();
        }
    }

    private DatagramChannel open(ProtocolFamily family, SocketSettings settings) throws IOException {
        DatagramChannel socket = DatagramChannel.open(family);
        sockets.add(socket);
        settings.multicastSending(socket);
        // The wildcard address: replies come back from whichever interface the route to the peer takes.
        socket.bind(null);
        socket.configureBlocking(false);
        return socket;
    }

    /** @return how many copies went out */
    private int send(DatagramChannel socket, InetSocketAddress target, List<NetworkInterface> interfaces,
            ByteBuffer datagram, List<String> failures) {
        int sent = 0;
        for (NetworkInterface nif : interfaces) {
            try {
                // One socket for all interfaces, so that one port collects all replies: steer each copy.
                socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
                int bytes = socket.send(datagram.duplicate(), target);
                if (bytes == 0) {
                    // A non-blocking socket whose send buffer is full sends nothing rather than waiting.
                    throw new IOException("send buffer full");
                }
                counters.datagramsSent.increment();
                counters.bytesSent.add(bytes);
                sent++;
            } catch (IOException | RuntimeException e) {
                counters.sendErrors.increment();
                failures.add(Channel.literal(target.getAddress()) + " on " + nif.getName() + ": " + e.getMessage());
            }
        }
        return sent;
    }

    private void collect(Selector selector, Duration timeout, DatagramListener replies) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Thread.currentThread().isInterrupted()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            selector.select(left);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                DatagramChannel socket = (DatagramChannel) keys.next().channel();
                keys.remove();
                drain(socket, buffer, replies);
            }
        }
    }

    private void drain(DatagramChannel socket, ByteBuffer buffer, DatagramListener replies) {
        while (true) {
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) socket.receive(buffer);
            } catch (IOException | RuntimeException e) {
                // An ICMP error for one copy (port unreachable) surfaces here; the other replies still count.
                counters.receiveErrors.increment();
                return;
            }
            if (source == null) {
                return;
            }
            buffer.flip();
            counters.datagramsReceived.increment();
            counters.bytesReceived.add(buffer.remaining());
            try {
                replies.received(buffer, source);
            } catch (RuntimeException e) {
                counters.receiveErrors.increment();
                warnings.warn("a reply to a probe from " + source + " could not be handled", e);
            }
        }
    }

    private void close() {
        for (DatagramChannel socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }
}
