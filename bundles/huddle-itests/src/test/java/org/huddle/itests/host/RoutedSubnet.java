package org.huddle.itests.host;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A second subnet behind a router, for hosts that a {@link NamespaceLan}'s own hosts reach by unicast but not by
 * multicast: what a team spread over two routed segments (or a VPN) has. The router is a namespace with a leg on
 * each bridge ({@code 10.77.0.254} on the LAN's {@code br0}, {@code 10.78.0.254} on {@code br1}) and IPv4
 * forwarding on; like any router without a multicast routing daemon it forwards no multicast. Hosts on the second
 * subnet get {@code 10.78.0.<index>/24} and a default route via the router; the LAN's hosts a route to
 * {@code 10.78.0.0/24} via it.
 *
 * <p>IPv6 is routed the same way: the router has {@code fd07::fe} on the LAN and {@code fd08::fe} on the second
 * subnet and IPv6 forwarding on; the LAN's hosts get {@code fd07::<index>/64} and a route to {@code fd08::/64}, the
 * second subnet's hosts {@code fd08::<index>/64} and a default route (the index written as it is, so host 12 is
 * {@code fd07::12}). Addresses are added without duplicate address detection, so they are usable at once.
 */
final class RoutedSubnet {

    static final String BRIDGE = "br1";
    private static final String ROUTER_ON_LAN = "10.77.0.254";
    private static final String ROUTER_ON_SUBNET = "10.78.0.254";
    private static final String SUBNET = "10.78.0.0/24";
    private static final String ROUTER_ON_LAN6 = "fd07::fe";
    private static final String ROUTER_ON_SUBNET6 = "fd08::fe";
    private static final String SUBNET6 = "fd08::/64";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final NamespaceLan lan;
    private final String bridgeNamespace;
    private final String router;

    private RoutedSubnet(NamespaceLan lan, String bridgeNamespace, String router) {
        this.lan = lan;
        this.bridgeNamespace = bridgeNamespace;
        this.router = router;
    }

    /** Creates the router and the second bridge; the caller deletes {@link #routerNamespace()} with the LAN. */
    static RoutedSubnet create(NamespaceLan lan, String bridgeNamespace, String router) throws IOException {
        SystemCommand.run(List.of("ip", "netns", "add", router), TIMEOUT);
        RoutedSubnet subnet = new RoutedSubnet(lan, bridgeNamespace, router);
        lan.ip(router, "link", "set", "lo", "up");
        lan.ip(bridgeNamespace, "link", "add", BRIDGE, "type", "bridge", "mcast_snooping", "0", "stp_state", "0",
                "forward_delay", "0");
        lan.ip(bridgeNamespace, "link", "set", BRIDGE, "up");
        subnet.leg("a0", "ra", NamespaceLan.BRIDGE, ROUTER_ON_LAN, ROUTER_ON_LAN6);
        subnet.leg("b0", "rb", BRIDGE, ROUTER_ON_SUBNET, ROUTER_ON_SUBNET6);
        SystemCommand.run(List.of("ip", "netns", "exec", router, "sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward"
                + " && echo 1 > /proc/sys/net/ipv6/conf/all/forwarding"), TIMEOUT);
        return subnet;
    }

    private void leg(String inside, String port, String bridge, String address, String address6) throws IOException {
        lan.ip(router, "link", "add", inside, "type", "veth", "peer", "name", port, "netns", bridgeNamespace);
        lan.ip(bridgeNamespace, "link", "set", port, "master", bridge);
        lan.ip(bridgeNamespace, "link", "set", port, "up");
        lan.ip(router, "addr", "add", address + "/24", "dev", inside);
        lan.ip(router, "addr", "add", address6 + "/64", "dev", inside, "nodad");
        lan.ip(router, "link", "set", inside, "up");
    }

    String routerNamespace() {
        return router;
    }

    /**
     * Connects a host namespace to the second subnet.
     *
     * @return its address there
     */
    String attach(String host, int index, String port) throws IOException {
        String address = "10.78.0." + index;
        lan.ip(host, "link", "add", NamespaceLan.HOST_INTERFACE, "type", "veth", "peer", "name", port, "netns",
                bridgeNamespace);
        lan.ip(bridgeNamespace, "link", "set", port, "master", BRIDGE);
        lan.ip(bridgeNamespace, "link", "set", port, "up");
        lan.ip(host, "addr", "add", address + "/24", "dev", NamespaceLan.HOST_INTERFACE);
        lan.ip(host, "addr", "add", subnetAddress6(index) + "/64", "dev", NamespaceLan.HOST_INTERFACE, "nodad");
        lan.ip(host, "link", "set", NamespaceLan.HOST_INTERFACE, "up");
        lan.ip(host, "route", "add", "default", "via", ROUTER_ON_SUBNET);
        lan.ip(host, "-6", "route", "add", "default", "via", ROUTER_ON_SUBNET6);
        lan.ip(host, "route", "add", "224.0.0.0/4", "dev", NamespaceLan.HOST_INTERFACE);
        return address;
    }

    /** Gives a host of the LAN its IPv6 address on the LAN and its way to the second subnet. */
    void routeFrom(String host, int index) throws IOException {
        lan.ip(host, "route", "add", SUBNET, "via", ROUTER_ON_LAN);
        lan.ip(host, "addr", "add", lanAddress6(index) + "/64", "dev", NamespaceLan.HOST_INTERFACE, "nodad");
        lan.ip(host, "-6", "route", "add", SUBNET6, "via", ROUTER_ON_LAN6);
    }

    /** @return the routed IPv6 address of the LAN's host {@code index} */
    static String lanAddress6(int index) {
        return "fd07::" + index;
    }

    /** @return the IPv6 address of the second subnet's host {@code index} */
    static String subnetAddress6(int index) {
        return "fd08::" + index;
    }
}
