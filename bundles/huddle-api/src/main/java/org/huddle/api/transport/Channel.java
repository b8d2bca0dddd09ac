package org.huddle.api.transport;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where datagrams go: one or more multicast groups (IPv4 and/or IPv6) on one UDP port.
 * A datagram sent on a channel goes to every group of it.
 *
 * @param groups multicast addresses, at least one
 * @param port   UDP port, 1 to 65535
 */
public record Channel(List<InetAddress> groups, int port) {

    public Channel {
        groups = List.copyOf(Objects.requireNonNull(groups, "groups"));
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a channel needs at least one group");
        }
        for (InetAddress group : groups) {
            if (!group.isMulticastAddress()) {
                throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast address");
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** @return for example {@code 239.255.72.68:7446} or {@code [239.255.72.68, ff02::4844]:7446} */
    @Override
    public String toString() {
        String hosts = groups.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(", "));
        return (groups.size() == 1 ? hosts : "[" + hosts + "]") + ":" + port;
    }
}
