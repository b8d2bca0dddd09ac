package org.huddle.transport.multicast.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sources a receiving socket takes datagrams from: the second line of defence behind binding the group
 * address (see {@link SocketSet}), for where that binding is not possible and the socket, bound to the wildcard
 * address, also receives unicast sent to any address of the host on the port.
 *
 * <p>Java cannot tell the destination address of a datagram (IP_PKTINFO), only its source, so the rule is about
 * the source. A transport whose datagrams stay on the segment (TTL 1, the default) takes only what comes from the
 * segment: a source within one of the on-link prefixes of the socket's interfaces, an IPv6 link-local source
 * (which no router forwards) or a loopback one (which no interface but {@code lo} delivers). With a larger TTL,
 * multicast routed from other subnets is wanted, and only the family is checked. Whatever the TTL, a socket
 * of an IPv6 group takes no IPv4 datagram: only a dual-stack wildcard socket receives those, and they are
 * unicast or the IPv4 group's copies, which the IPv4 socket receives itself.
 */
final class LinkScope {

    /** Why a datagram was not taken; the name is what the statistics call it. */
    enum Refusal {
        OFF_LINK("off-link"), OTHER_FAMILY("other-family");

        private final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /**
     * An on-link network: the address of an interface (its bytes, taken once rather than for every datagram)
     * and the length of its prefix.
     */
    record Prefix(byte[] address, int length) {

        static Prefix of(InetAddress address, int length) {
            return new Prefix(address.getAddress(), length);
        }

        boolean contains(InetAddress other) {
            return contains(other.getAddress());
        }

        boolean contains(byte[] other) {
            if (address.length != other.length) {
                return false;
            }
            // Java reports odd lengths for some interfaces: out of range means the address alone.
            int bits = length < 0 || length > address.length * 8 ? address.length * 8 : length;
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != other[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (other[whole] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + length;
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException("4 or 16 bytes are always an address", impossible);
            }
        }
    }

    private final boolean ipv6Group;
    private final List<Prefix> prefixes;
    private final boolean onLinkOnly;

    LinkScope(boolean ipv6Group, List<Prefix> prefixes, boolean onLinkOnly) {
        this.ipv6Group = ipv6Group;
        this.prefixes = List.copyOf(prefixes);
        this.onLinkOnly = onLinkOnly;
    }

    /**
     * @param group      the group the socket receives
     * @param interfaces the interfaces it joined the group on; their prefixes are read now (a change of address
     *                   moves the membership to new sockets, see {@link InterfaceWatch})
     * @param onLinkOnly whether only sources on the segment are taken
     */
    static LinkScope of(InetAddress group, List<NetworkInterface> interfaces, boolean onLinkOnly) {
        List<Prefix> prefixes = new ArrayList<>();
        for (NetworkInterface nif : interfaces) {
            for (InterfaceAddress a : nif.getInterfaceAddresses()) {
                if (a.getAddress() != null) {
                    prefixes.add(Prefix.of(a.getAddress(), a.getNetworkPrefixLength()));
                }
            }
        }
        return new LinkScope(group instanceof Inet6Address, prefixes, onLinkOnly);
    }

    /** @return why a datagram from this source is not taken, or null when it is */
    Refusal refusal(InetSocketAddress source) {
        if (source == null || source.isUnresolved()) {
            return Refusal.OFF_LINK;
        }
        InetAddress address = source.getAddress();
        if (ipv6Group ? address instanceof Inet4Address : address instanceof Inet6Address) {
            return Refusal.OTHER_FAMILY;
        }
        if (!onLinkOnly || address.isLoopbackAddress()
                || (address instanceof Inet6Address && address.isLinkLocalAddress())) {
            return null;
        }
        byte[] bytes = address.getAddress();
        for (Prefix p : prefixes) {
            if (p.contains(bytes)) {
                return null;
            }
        }
        return Refusal.OFF_LINK;
    }

    @Override
    public String toString() {
        return (onLinkOnly ? "on-link sources " + prefixes : "any source") + (ipv6Group ? ", IPv6" : ", IPv4");
    }
}
