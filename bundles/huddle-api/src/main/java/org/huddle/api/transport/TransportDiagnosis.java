package org.huddle.api.transport;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * What a transport sees of the network, for diagnosing why peers are not heard.
 *
 * @param name                   the transport's configured name
 * @param ttl                    the multicast TTL / hop limit it sends with
 * @param multicastLoop          whether its own datagrams are looped back to this host
 * @param receiveBufferRequested SO_RCVBUF asked for, in bytes (0: the system default)
 * @param receiveBufferGranted   the smallest SO_RCVBUF the system granted on an open receiving socket, in
 *                               bytes (0 when none is open)
 * @param interfaces             every interface of the host, used or not
 * @param joins                  every group join attempted by open memberships, with the outcome
 * @since 1.1
 */
public record TransportDiagnosis(String name, int ttl, boolean multicastLoop, int receiveBufferRequested,
        int receiveBufferGranted, List<InterfaceReport> interfaces, List<JoinReport> joins) {

    public TransportDiagnosis {
        Objects.requireNonNull(name, "name");
        interfaces = List.copyOf(Objects.requireNonNull(interfaces, "interfaces"));
        joins = List.copyOf(Objects.requireNonNull(joins, "joins"));
    }

    /**
     * One network interface.
     *
     * @param name          its name, for example {@code enp3s0}
     * @param index         its index
     * @param kind          what it is, as far as the system tells: {@code ethernet}, {@code wireless},
     *                      {@code loopback}, {@code bridge}, {@code veth}, {@code tunnel}, {@code vpn} or
     *                      {@code other}
     * @param up            whether it is up
     * @param multicast     whether it is flagged multicast-capable
     * @param pointToPoint  whether it is a point-to-point link (VPNs usually are)
     * @param addresses     its addresses with prefix length, for example {@code 10.0.0.5/24}
     * @param used          whether the transport joins and sends on it
     * @param note          why it is or is not used, for people
     */
    public record InterfaceReport(String name, int index, String kind, boolean up, boolean multicast,
            boolean pointToPoint, List<String> addresses, boolean used, String note) {

        public InterfaceReport {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
            Objects.requireNonNull(note, "note");
        }
    }

    /**
     * One join of a group on an interface.
     *
     * @param interfaceName the interface
     * @param group         the group
     * @param port          the channel's port
     * @param error         the system's answer when the join failed; empty when it worked
     */
    public record JoinReport(String interfaceName, InetAddress group, int port, String error) {

        public JoinReport {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(error, "error");
        }

        /** @return whether the join worked */
        public boolean joined() {
            return error.isEmpty();
        }
    }
}
