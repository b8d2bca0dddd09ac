package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.huddle.api.transport.Membership;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Real sockets, pinned to the loopback interface: nothing leaves this host. (IPv6 multicast on lo needs
 * the MULTICAST flag and an ff02::/16 route on lo, which only a network namespace of the test's own may
 * set; the IPv6 exchange is tested there.)
 */
class MulticastTransportTest {

    private static MulticastTransport transport(String name, String group, int port) throws IOException {
        return new MulticastTransport(Configs.of(Map.of("huddle_transport_name", name, "interfaces", new String[] { "lo" },
                "groups", new String[] { group }, "port", port)), (m, t) -> { });
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void exchange(String group, int port) throws Exception {
        MulticastTransport a = transport("a", group, port);
        MulticastTransport b = transport("b", group, port);
        BlockingQueue<String> atA = new LinkedBlockingQueue<>();
        BlockingQueue<String> atB = new LinkedBlockingQueue<>();
        try (Membership ma = a.open(a.defaultChannel(), (p, src) -> atA.add(StandardCharsets.UTF_8.decode(p).toString()));
                Membership mb = b.open(b.defaultChannel(), (p, src) -> atB.add(StandardCharsets.UTF_8.decode(p).toString()))) {
            ma.send(text("from a"));
            assertEquals("from a", take(atB));
            assertEquals("from a", take(atA)); // multicast loop: same-host instances see each other
            mb.send(text("from b"));
            assertEquals("from b", take(atA));
        } finally {
            a.deactivate();
            b.deactivate();
        }
        assertEquals(1, a.stats().datagramsSent());
        assertEquals(2, a.stats().datagramsReceived());
    }

    @Test
    void twoInstancesOnOneHostExchangeDatagramsOverIpv4() throws Exception {
        exchange("239.255.72.68", FreePorts.udp());
    }

    @Test
    void aFailingListenerDoesNotStopTheReceiveLoop() throws Exception {
        MulticastTransport a = transport("a", "239.255.72.68", FreePorts.udp());
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        AtomicBoolean failed = new AtomicBoolean();
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> {
            String s = StandardCharsets.UTF_8.decode(p).toString();
            if (failed.compareAndSet(false, true)) {
                throw new IllegalStateException("listener bug");
            }
            got.add(s);
        })) {
            m.send(text("first"));
            m.send(text("second"));
            assertEquals("second", take(got));
        } finally {
            a.deactivate();
        }
        assertEquals(1, a.stats().receiveErrors());
    }

    @Test
    void anUnknownInterfaceIsRefusedByName() {
        IOException e = assertThrows(IOException.class, () -> new MulticastTransport(
                Configs.of(Map.of("interfaces", new String[] { "nosuchif0" })), (m, t) -> { }));
        assertTrue(e.getMessage().contains("nosuchif0"), e.getMessage());
    }

    @Test
    void listsGivenAsOneStringAreSplitOnCommasAndBlanks() {
        assertEquals(List.of("if1", "if2", "3"), TransportSetup.items(new String[] { " if1, if2 ", "", "3" }));
        assertEquals(List.of(), TransportSetup.items(new String[] { " ", ",," }));
    }

    @Test
    void aNewConfigurationMovesOpenMembershipsWithoutClosingThem() throws Exception {
        int[] ports = FreePorts.udp(2);
        MulticastTransport a = transport("a", "239.255.72.68", ports[0]);
        BlockingQueue<String> atA = new LinkedBlockingQueue<>();
        BlockingQueue<String> atPeer = new LinkedBlockingQueue<>();
        MulticastTransport peer = transport("peer", "239.255.72.68", ports[1]);
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> atA.add(StandardCharsets.UTF_8.decode(p).toString()));
                Membership p = peer.open(peer.defaultChannel(),
                        (b, src) -> atPeer.add(StandardCharsets.UTF_8.decode(b).toString()))) {
            a.modified(Configs.of(Map.of("huddle_transport_name", "a", "interfaces", new String[] { "lo" },
                    "groups", new String[] { "239.255.72.68" }, "port", ports[1])));
            assertEquals(ports[1], m.channel().port());
            assertEquals(ports[1], a.defaultChannel().port());
            m.send(text("on the new port"));
            assertEquals("on the new port", take(atPeer));
            p.send(text("reply"));
            take(atA, "reply"::equals, "the reply"); // a's own datagram comes back first, through multicast loop
        } finally {
            a.deactivate();
            peer.deactivate();
        }
    }

    @Test
    void anUnusableConfigurationIsRefusedAndTheLastGoodOneKeepsWorking() throws Exception {
        List<String> warned = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = FreePorts.udp();
        MulticastTransport a = new MulticastTransport(Configs.of(Map.of("interfaces", new String[] { "lo" },
                "port", port)), (m, t) -> warned.add(m));
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> got.add(StandardCharsets.UTF_8.decode(p).toString()))) {
            for (Map<String, Object> bad : List.<Map<String, Object>>of(
                    Map.of("interfaces", new String[] { "nosuchif0" }, "port", FreePorts.udp()),
                    Map.of("interfaces", new String[] { "lo" }, "groups", new String[] { "10.1.2.3" }),
                    Map.of("interfaces", new String[] { "lo" }, "port", 70000))) {
                a.modified(Configs.of(bad));
                assertTrue(a.stats().description().contains("configuration refused"), a.stats().description());
                assertEquals(port, m.channel().port());
                m.send(text("still here"));
                assertEquals("still here", take(got));
            }
            a.modified(Configs.of(Map.of("interfaces", new String[] { "lo" }, "port", 70000))); // the same again
            assertEquals(3, warned.size(), "a refusal is reported once, not at every repeat: " + warned);
            assertTrue(warned.get(0).contains("nosuchif0"), warned.get(0));
            a.modified(Configs.of(Map.of("interfaces", new String[] { "lo" }, "port", port)));
            assertFalse(a.stats().description().contains("refused"), a.stats().description());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void anExcludedInterfaceIsNeverChosen() {
        IOException e = assertThrows(IOException.class, () -> new MulticastTransport(Configs.of(Map.of(
                "interfaces", new String[] { "lo" }, "interfaces_exclude", new String[] { "lo" })), (m, t) -> { }));
        assertTrue(e.getMessage().contains("excluded"), e.getMessage());
    }

    @Test
    void aHostNameIsNotAcceptedAsAGroup() {
        assertThrows(IOException.class, () -> new MulticastTransport(
                Configs.of(Map.of("interfaces", new String[] { "lo" }, "groups", new String[] { "example.org" })),
                (m, t) -> { }));
    }

    @Test
    void aClosedMembershipRefusesToSend() throws Exception {
        MulticastTransport a = transport("a", "239.255.72.68", FreePorts.udp());
        Membership m = a.open(a.defaultChannel(), (p, src) -> { });
        m.close();
        m.close();
        assertThrows(IOException.class, () -> m.send(text("late")));
        a.deactivate();
    }
}
