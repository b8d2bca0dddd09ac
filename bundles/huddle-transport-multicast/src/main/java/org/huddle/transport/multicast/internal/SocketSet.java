package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;

/**
 * The sockets of one channel on a set of interfaces: a receiving socket per group, joined on every
 * interface and read by a {@link ReceiverLoop} thread of its own, and a sending socket per interface and
 * address family.
 */
final class SocketSet {

    /** A socket that sends to one family's groups out of one interface. */
    private record Sender(DatagramChannel socket, ProtocolFamily family, NetworkInterface nif) {
    }

    private final Channel channel;
    private final TransportCounters counters;
    private final Warnings warnings;
    private final List<DatagramChannel> receivers = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();

    private SocketSet(Channel channel, TransportCounters counters, Warnings warnings) {
        this.channel = channel;
        this.counters = counters;
        this.warnings = warnings;
    }

    static SocketSet open(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings,
            DatagramListener listener, TransportCounters counters, Warnings warnings, String threadName)
            throws IOException {
        SocketSet set = new SocketSet(channel, counters, warnings);
        try {
            for (InetAddress group : channel.groups()) {
                DatagramChannel receiver = set.openReceiver(group, interfaces, settings);
                set.receivers.add(receiver);
                Thread thread = new Thread(new ReceiverLoop(receiver, listener, counters, warnings),
                        threadName + " " + group.getHostAddress() + ":" + channel.port());
                thread.setDaemon(true);
                thread.start();
            }
            for (ProtocolFamily family : families(channel)) {
                for (NetworkInterface nif : interfaces) {
                    set.senders.add(new Sender(openSender(family, nif, settings), family, nif));
                }
            }
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    private DatagramChannel openReceiver(InetAddress group, List<NetworkInterface> interfaces, SocketSettings settings)
            throws IOException {
        DatagramChannel socket = DatagramChannel.open(family(group));
        try {
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            settings.reusePort(socket);
            if (settings.receiveBuffer() > 0) {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBuffer());
            }
            bind(socket, group, channel.port());
            int joined = 0;
            IOException last = null;
            for (NetworkInterface nif : interfaces) {
                try {
                    socket.join(group, nif);
                    joined++;
                } catch (IOException e) {
                    last = e;
                    warnings.warn("cannot join " + group.getHostAddress() + " on " + nif.getName(), e);
                }
            }
            if (joined == 0) {
                throw new IOException("cannot join " + group.getHostAddress() + " on any interface"
                        + (last == null ? "" : ": " + last.getMessage()), last);
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Binding to the group address keeps out datagrams for other groups on the same port (Linux, macOS);
     * Windows refuses that, and there the wildcard address is the only choice.
     */
    private static void bind(DatagramChannel socket, InetAddress group, int port) throws IOException {
        try {
            socket.bind(new InetSocketAddress(group, port));
        } catch (SocketException e) {
            socket.bind(new InetSocketAddress(port));
        }
    }

    private static DatagramChannel openSender(ProtocolFamily family, NetworkInterface nif, SocketSettings settings)
            throws IOException {
        DatagramChannel socket = DatagramChannel.open(family);
        try {
            socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, settings.ttl());
            socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, settings.multicastLoop());
            if (settings.sendBuffer() > 0) {
                socket.setOption(StandardSocketOptions.SO_SNDBUF, settings.sendBuffer());
            }
            socket.bind(null);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static List<ProtocolFamily> families(Channel channel) {
        List<ProtocolFamily> families = new ArrayList<>();
        for (InetAddress group : channel.groups()) {
            ProtocolFamily f = family(group);
            if (!families.contains(f)) {
                families.add(f);
            }
        }
        return families;
    }

    private static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    Channel channel() {
        return channel;
    }

    /** Sends to every group of the channel on every interface; fails only when no copy went out. */
    void send(ByteBuffer datagram) throws IOException {
        int sent = 0;
        IOException last = null;
        for (InetAddress group : channel.groups()) {
            InetSocketAddress target = new InetSocketAddress(group, channel.port());
            ProtocolFamily family = family(group);
            for (Sender sender : senders) {
                if (sender.family() != family) {
                    continue;
                }
                try {
                    int bytes = sender.socket().send(datagram.duplicate(), target);
                    counters.datagramsSent.increment();
                    counters.bytesSent.add(bytes);
                    sent++;
                } catch (IOException e) {
                    counters.sendErrors.increment();
                    last = e;
                }
            }
        }
        if (sent == 0) {
            throw new IOException("could not send to " + channel + " on any interface"
                    + (last == null ? "" : ": " + last.getMessage()), last);
        }
    }

    void close() {
        // Closing a receiving socket wakes its loop, which then ends.
        for (DatagramChannel r : receivers) {
            closeQuietly(r);
        }
        for (Sender s : senders) {
            closeQuietly(s.socket());
        }
    }

    private static void closeQuietly(DatagramChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
