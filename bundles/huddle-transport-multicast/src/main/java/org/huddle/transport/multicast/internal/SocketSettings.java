package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/** The socket options of a transport instance, taken from its configuration. */
record SocketSettings(int ttl, boolean multicastLoop, int receiveBuffer, int sendBuffer) {

    static SocketSettings of(MulticastTransportConfig config) {
        if (config.ttl() < 0 || config.ttl() > 255) {
            throw new IllegalArgumentException("ttl " + config.ttl() + " is not between 0 and 255");
        }
        return new SocketSettings(config.ttl(), config.multicast_loop(), config.receive_buffer(), config.send_buffer());
    }

    /** Sets how far what the socket sends to a group travels and whether this host hears it too. */
    void multicastSending(DatagramChannel socket) throws IOException {
        socket.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
        socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, multicastLoop);
    }

    /**
     * SO_REUSEPORT lets Huddle bind beside programs that set only it (backchannel does), and lets several
     * Huddle instances on one host all receive. Where the platform lacks it, SO_REUSEADDR still does the
     * latter for multicast.
     */
    void reusePort(DatagramChannel socket) throws IOException {
        SocketOption<Boolean> reusePort = StandardSocketOptions.SO_REUSEPORT;
        if (socket.supportedOptions().contains(reusePort)) {
            socket.setOption(reusePort, true);
        }
    }

    /**
     * The groups actually joined and sent to for a channel's groups. A link-local IPv6 group (ff02::X) never
     * crosses a router whatever the hop limit, so when the hop limit lets datagrams go further, its
     * site-local twin ff05::X is used as well: the scope follows the hop limit, as IPv4's TTL does for
     * 239.255.0.0/16.
     */
    List<InetAddress> scopedGroups(List<InetAddress> groups) {
        List<InetAddress> scoped = new ArrayList<>(groups);
        if (ttl > 1) {
            for (InetAddress group : groups) {
                InetAddress twin = siteLocalTwin(group);
                if (twin != null && !scoped.contains(twin)) {
                    scoped.add(twin);
                }
            }
        }
        return List.copyOf(scoped);
    }

    /** @return ff05::X for a group ff02::X, else null */
    static InetAddress siteLocalTwin(InetAddress group) {
        if (!(group instanceof Inet6Address)) {
            return null;
        }
        byte[] bytes = group.getAddress();
        // ff02: flags 0 (permanent), scope 2 (link-local); transient groups (ff12::) have no fixed twin.
        if ((bytes[0] & 0xff) != 0xff || bytes[1] != 0x02) {
            return null;
        }
        bytes[1] = 0x05;
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 bytes are always an IPv6 address", impossible);
        }
    }
}
