package org.huddle.api.transport;

import java.net.Inet6Address;
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

    /**
     * @return for example {@code 239.255.72.68:7446}, {@code [ff02::4845]:7448} or
     *         {@code [239.255.72.68, ff02::4844]:7446}
     */
    @Override
    public String toString() {
        String hosts = groups.stream().map(Channel::literal).collect(Collectors.joining(", "));
        boolean bare = groups.size() == 1 && !(groups.get(0) instanceof Inet6Address);
        return (bare ? hosts : "[" + hosts + "]") + ":" + port;
    }

    /**
     * @param address an address
     * @return its literal as people write it: IPv6 in the short form of RFC 5952 ({@code ff02::4844}, not Java's
     *         {@code ff02:0:0:0:0:0:0:4844}), without a scope
     * @since 1.1
     */
    public static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero word is not shortened
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
