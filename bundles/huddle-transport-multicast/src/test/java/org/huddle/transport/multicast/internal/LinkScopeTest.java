package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.take;
import static org.huddle.transport.multicast.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Membership;
import org.huddle.testing.FreePorts;
import org.huddle.transport.multicast.internal.LinkScope.Prefix;
import org.huddle.transport.multicast.internal.LinkScope.Refusal;
import org.junit.jupiter.api.Test;

/** What a receiving socket takes: sources on the segment, never unicast from elsewhere. */
class LinkScopeTest {

    /** alice on 10.77.0.1/24 and fd07::1/64, with her link-local address. */
    private static final List<Prefix> ALICE = List.of(prefix("10.77.0.1", 24), prefix("fd07::1", 64),
            prefix("fe80::d0c4:2ff:fe5e:1a2b", 64));

    @Test
    void onTheSegmentOnlySourcesOnItsPrefixesLinkLocalAndLoopbackAreTaken() throws Exception {
        LinkScope v4 = new LinkScope(false, ALICE, true);
        assertNull(v4.refusal(from("10.77.0.2")), "a peer on the LAN");
        assertNull(v4.refusal(from("10.77.0.1")), "alice's own datagram, looped back");
        assertNull(v4.refusal(from("127.0.0.1")), "another instance on a host pinned to lo");
        assertEquals(Refusal.OFF_LINK, v4.refusal(from("10.78.0.4")), "mallory behind the router");
        assertEquals(Refusal.OFF_LINK, v4.refusal(from("10.77.1.2")), "the next /24");
        assertEquals(Refusal.OFF_LINK, v4.refusal(from("169.254.7.7")), "IPv4 link-local on no prefix of ours");
        assertEquals(Refusal.OFF_LINK, v4.refusal(null), "no source to tell by");
        assertEquals(Refusal.OFF_LINK, v4.refusal(InetSocketAddress.createUnresolved("example.org", 7446)));

        LinkScope v6 = new LinkScope(true, ALICE, true);
        assertNull(v6.refusal(from("fd07::2")), "a peer on the LAN's prefix");
        assertNull(v6.refusal(new InetSocketAddress(
                Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3), 7446)),
                "a link-local source, with the receiving interface as its scope: no router forwards it");
        assertNull(v6.refusal(from("::1")));
        assertEquals(Refusal.OFF_LINK, v6.refusal(from("fd08::4")), "mallory behind the router");
        assertEquals(Refusal.OFF_LINK, v6.refusal(from("2001:db8::1")));
        assertEquals(Refusal.OTHER_FAMILY, v6.refusal(from("10.77.0.2")),
                "IPv4 on the socket of an IPv6 group: a dual-stack wildcard socket got it, the IPv4 socket has it");
        assertEquals(Refusal.OTHER_FAMILY, v4.refusal(from("fd07::2")));
    }

    @Test
    void withATtlBeyondTheSegmentAnySourceOfTheFamilyIsTaken() throws Exception {
        // Routed multicast is what a TTL above 1 asks for: its sources are on other subnets.
        LinkScope v4 = new LinkScope(false, ALICE, false);
        assertNull(v4.refusal(from("10.78.0.4")));
        LinkScope v6 = new LinkScope(true, ALICE, false);
        assertNull(v6.refusal(from("fd08::4")));
        assertEquals(Refusal.OTHER_FAMILY, v6.refusal(from("10.78.0.4")));
    }

    @Test
    void prefixesCompareTheirLeadingBitsOnly() {
        assertTrue(prefix("10.77.0.1", 20).contains(address("10.77.15.200")));
        assertFalse(prefix("10.77.0.1", 20).contains(address("10.77.16.1")));
        assertTrue(prefix("10.77.0.1", 0).contains(address("192.0.2.1")), "/0: everything");
        assertTrue(prefix("10.77.0.1", 32).contains(address("10.77.0.1")));
        assertFalse(prefix("10.77.0.1", 32).contains(address("10.77.0.2")), "/32: the address alone");
        assertFalse(prefix("10.77.0.1", -1).contains(address("10.77.0.2")), "a length Java could not tell");
        assertTrue(prefix("fd07::1", 64).contains(address("fd07::ffff:1")));
        assertTrue(prefix("fd07::1", 63).contains(address("fd07:0:0:1::1")), "/63 takes the neighbouring /64 too");
        assertFalse(prefix("fd07::1", 64).contains(address("fd07:0:0:1::1")));
        assertFalse(prefix("fd07::1", 64).contains(address("10.77.0.1")), "another family");
    }

    @Test
    void theLoopbackInterfaceTakesItsOwnAddressesAndNoOthers() throws Exception {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        LinkScope scope = LinkScope.of(InetAddress.getByName("239.255.72.68"), List.of(lo), true);
        assertNull(scope.refusal(from("127.0.0.1")));
        assertEquals(Refusal.OFF_LINK, scope.refusal(from("198.51.100.7")));
    }

    /**
     * The first line of defence, on the loopback interface: the receiving socket is bound to the group, so
     * unicast to the host's address on the port never reaches the listener, while the group's datagrams do.
     */
    @Test
    void unicastToTheChannelsPortReachesNoListener() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (DatagramChannel sender = DatagramChannel.open();
                Membership m = a.open(a.defaultChannel(), (p, src) -> seen.add(text(p)))) {
            sender.send(text("unicast"), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            m.send(text("group"));
            assertEquals("group", take(seen));
            assertNull(seen.poll(300, TimeUnit.MILLISECONDS), "the unicast datagram reached the listener");
            assertEquals(Map.of("off-link", 0L, "other-family", 0L), a.stats().dropped(),
                    "on Linux nothing is left for the filter: the socket never received the unicast");
        } finally {
            a.deactivate();
        }
    }

    private static Prefix prefix(String address, int length) {
        return Prefix.of(address(address), length);
    }

    private static InetSocketAddress from(String address) {
        return new InetSocketAddress(address(address), 7446);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no name is looked up
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
