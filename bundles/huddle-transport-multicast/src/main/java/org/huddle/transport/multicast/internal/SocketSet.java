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
import java.util.Arrays;
import java.util.List;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.DatagramListener;
import org.huddle.api.transport.TransportDiagnosis.JoinReport;

/**
 * The sockets of one channel on a set of interfaces: a receiving socket per group, bound to the group and
 * joined on every interface (a link-local IPv6 group: one per interface, see {@link #receivingInterfaces}) and
 * read by a {@link ReceiverLoop} thread of its own, and a sending socket per interface and address family.
 *
 * <p>What cannot be opened is left out, not fatal, as long as something works: a group that cannot be joined
 * on any interface (IPv6 on a host or interface without IPv6) is reported and skipped, and datagrams for a
 * family with no sending socket are not attempted. Only a channel of which nothing can be joined, or to which
 * nothing can be sent, fails to open.
 */
final class SocketSet {

    /** A socket that sends to one family's groups out of one interface. */
    private record Sender(DatagramChannel socket, ProtocolFamily family, NetworkInterface nif) {
    }

    private final Channel channel;
    private final List<InetAddress> groups;
    private final List<NetworkInterface> interfaces;
    private final SocketSettings settings;
    private final SocketContext context;
    private final List<DatagramChannel> receivers = new ArrayList<>();
    private final List<Sender> senders = new ArrayList<>();
    private final List<JoinReport> joins = new ArrayList<>();
    /**
     * The local ports of {@link #senders}, as looked up for every datagram received: no boxing. Replaced whole,
     * never changed in place, and volatile, since the receive threads already run while the senders open.
     */
    private volatile int[] senderPorts = new int[0];

    private SocketSet(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings,
            SocketContext context) {
        this.channel = channel;
        this.groups = settings.scopedGroups(channel.groups());
        this.interfaces = List.copyOf(interfaces);
        this.settings = settings;
        this.context = context;
    }

    static SocketSet open(Channel channel, List<NetworkInterface> interfaces, SocketSettings settings,
            DatagramListener listener, SocketContext context, String threadName) throws IOException {
        SocketSet set = new SocketSet(channel, interfaces, settings, context);
        try {
            set.openReceivers(listener, threadName);
            set.openSenders();
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    private void openReceivers(DatagramListener listener, String threadName) throws IOException {
        List<String> failures = new ArrayList<>();
        for (InetAddress group : groups) {
            for (List<NetworkInterface> on : receivingInterfaces(group)) {
                DatagramChannel receiver;
                try {
                    receiver = openReceiver(group, on);
                } catch (IOException | RuntimeException e) {
                    failures.add(e.getMessage());
                    continue;
                }
                receivers.add(receiver);
                LinkScope scope = LinkScope.of(group, on, settings.ttl() <= 1);
                String where = needsScope(group) ? "%" + on.get(0).getName() : "";
                Thread thread = new Thread(
                        new ReceiverLoop(receiver, listener, scope, context.counters(), context.warnings()),
                        threadName + " " + group.getHostAddress() + where + ":" + channel.port());
                thread.setDaemon(true);
                thread.start();
            }
        }
        if (receivers.isEmpty()) {
            throw new IOException("cannot join " + channel + " on "
                    + String.join(", ", InterfaceResolver.names(interfaces)) + ": " + String.join("; ", failures));
        }
    }

    /**
     * A group whose address means something only together with an interface (IPv6 link- and interface-local:
     * ff02::X, ff01::X) gets a socket per interface, so that each can be bound to the group with the interface as
     * its scope (ff02::4844%lan0); any other group one socket joined on every interface.
     */
    private List<List<NetworkInterface>> receivingInterfaces(InetAddress group) {
        if (!needsScope(group)) {
            return List.of(interfaces);
        }
        List<List<NetworkInterface>> each = new ArrayList<>();
        for (NetworkInterface nif : interfaces) {
            each.add(List.of(nif));
        }
        return each;
    }

    static boolean needsScope(InetAddress group) {
        return group instanceof Inet6Address v6 && (v6.isMCLinkLocal() || v6.isMCNodeLocal());
    }

    private DatagramChannel openReceiver(InetAddress group, List<NetworkInterface> on) throws IOException {
        DatagramChannel socket;
        try {
            socket = DatagramChannel.open(family(group));
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        } catch (IOException | UnsupportedOperationException e) {
            // No socket of that family at all: IPv6 switched off on this host, for example.
            for (NetworkInterface nif : on) {
                joins.add(new JoinReport(nif.getName(), group, channel.port(), "no socket: " + e.getMessage()));
            }
            throw new IOException("cannot open a socket for " + Channel.literal(group) + ": " + e.getMessage(), e);
        }
        try {
            settings.reusePort(socket);
            if (settings.receiveBuffer() > 0) {
                socket.setOption(StandardSocketOptions.SO_RCVBUF, settings.receiveBuffer());
            }
            bind(socket, needsScope(group) ? scoped(group, on.get(0)) : group, channel.port());
            int joined = 0;
            String last = "";
            for (NetworkInterface nif : on) {
                try {
                    socket.join(group, nif);
                    joined++;
                    joins.add(new JoinReport(nif.getName(), group, channel.port(), ""));
                } catch (IOException | RuntimeException e) {
                    last = String.valueOf(e.getMessage());
                    joins.add(new JoinReport(nif.getName(), group, channel.port(), last));
                    context.warnings().warn("cannot join " + Channel.literal(group) + " on " + nif.getName(), e);
                }
            }
            if (joined == 0) {
                throw new IOException("cannot join " + Channel.literal(group) + " on "
                        + (on.size() == 1 ? on.get(0).getName() : "any interface") + (last.isEmpty() ? "" : ": " + last));
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** @return the group with the interface as its scope, ff02::4844%lan0 */
    private static InetAddress scoped(InetAddress group, NetworkInterface nif) throws IOException {
        return Inet6Address.getByAddress(null, group.getAddress(), nif.getIndex());
    }

    /**
     * Binding to the group address is what keeps unicast out: a socket bound to the wildcard address also
     * receives every datagram sent to any address of the host on the port, from anywhere a route leads (and an
     * IPv6 one IPv4 as well), and datagrams for other groups on the port. Linux and macOS allow it (a link-local
     * IPv6 group only with its interface as scope, see {@link #receivingInterfaces}); Windows refuses it, and
     * there the wildcard address is the only choice, with the {@link LinkScope} as the only guard.
     */
    private static void bind(DatagramChannel socket, InetAddress group, int port) throws IOException {
        try {
            socket.bind(new InetSocketAddress(group, port));
        } catch (SocketException e) {
            socket.bind(new InetSocketAddress(port));
        }
    }

    private void openSenders() throws IOException {
        List<String> failures = new ArrayList<>();
        for (ProtocolFamily family : families(groups)) {
            for (NetworkInterface nif : interfaces) {
                try {
                    DatagramChannel socket = openSender(family, nif, settings);
                    senders.add(new Sender(socket, family, nif));
                    int[] ports = Arrays.copyOf(senderPorts, senderPorts.length + 1);
                    ports[ports.length - 1] = ((InetSocketAddress) socket.getLocalAddress()).getPort();
                    senderPorts = ports;
                } catch (IOException | RuntimeException e) {
                    String what = "cannot send to " + familyName(family) + " groups on " + nif.getName();
                    failures.add(what + ": " + e.getMessage());
                    context.warnings().warn(what, e);
                }
            }
        }
        if (senders.isEmpty()) {
            throw new IOException("cannot send to " + channel + ": " + String.join("; ", failures));
        }
    }

    private static DatagramChannel openSender(ProtocolFamily family, NetworkInterface nif, SocketSettings settings)
            throws IOException {
        DatagramChannel socket = DatagramChannel.open(family);
        try {
            socket.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            settings.multicastSending(socket);
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

    static List<ProtocolFamily> families(List<InetAddress> groups) {
        List<ProtocolFamily> families = new ArrayList<>();
        for (InetAddress group : groups) {
            ProtocolFamily f = family(group);
            if (!families.contains(f)) {
                families.add(f);
            }
        }
        return families;
    }

    static ProtocolFamily family(InetAddress address) {
        return address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    static String familyName(ProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? "IPv6" : "IPv4";
    }

    Channel channel() {
        return channel;
    }

    List<NetworkInterface> interfaces() {
        return interfaces;
    }

    SocketSettings settings() {
        return settings;
    }

    /** @return every join this set attempted, with the system's answer */
    List<JoinReport> joins() {
        return List.copyOf(joins);
    }

    /**
     * @return the smallest receive buffer the system granted to a receiving socket, in bytes, comparable with
     *         the request: Linux caps a request at net.core.rmem_max and reports twice what it grants for data,
     *         and the JDK halves that again; 0 when none is open
     */
    int receiveBufferGranted() {
        int smallest = 0;
        for (DatagramChannel receiver : receivers) {
            try {
                int granted = receiver.getOption(StandardSocketOptions.SO_RCVBUF);
                smallest = smallest == 0 ? granted : Math.min(smallest, granted);
            } catch (IOException e) {
                // closed meanwhile: it grants nothing
            }
        }
        return smallest;
    }

    /**
     * Sends to every group of the channel on every interface, skipping families with no sending socket;
     * fails only when no copy went out.
     */
    void send(ByteBuffer datagram) throws IOException {
        int sent = 0;
        IOException last = null;
        for (InetAddress group : groups) {
            InetSocketAddress target = new InetSocketAddress(group, channel.port());
            ProtocolFamily family = family(group);
            for (Sender sender : senders) {
                if (sender.family() != family) {
                    continue;
                }
                try {
                    count(sender.socket().send(datagram.duplicate(), target));
                    sent++;
                } catch (IOException e) {
                    context.counters().sendErrors.increment();
                    last = e;
                }
            }
        }
        if (sent == 0) {
            throw new IOException("could not send to " + channel + " on any interface"
                    + (last == null ? "" : ": " + last.getMessage()), last);
        }
    }

    /**
     * Sends by unicast from a sending socket of the target's family: the interface is the route's choice
     * (IP_MULTICAST_IF steers multicast only), and the source port is one {@link #isOwn} knows.
     */
    void sendTo(InetSocketAddress target, ByteBuffer datagram) throws IOException {
        if (target.isUnresolved()) {
            throw new IOException("cannot send to the unresolved address " + target);
        }
        ProtocolFamily family = family(target.getAddress());
        for (Sender sender : senders) {
            if (sender.family() == family) {
                try {
                    count(sender.socket().send(datagram.duplicate(), target));
                    return;
                } catch (IOException e) {
                    context.counters().sendErrors.increment();
                    throw e;
                }
            }
        }
        throw new IOException("no " + familyName(family) + " socket on " + channel + " to send to " + target);
    }

    private void count(int bytes) {
        context.counters().datagramsSent.increment();
        context.counters().bytesSent.add(bytes);
    }

    /** @return whether the datagram came from one of this set's sending sockets, on this host */
    boolean isOwn(InetSocketAddress source) {
        return source != null && !source.isUnresolved() && isSenderPort(source.getPort())
                && context.hostAddresses().contains(source.getAddress());
    }

    private boolean isSenderPort(int port) {
        for (int p : senderPorts) {
            if (p == port) {
                return true;
            }
        }
        return false;
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
