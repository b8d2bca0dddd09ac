package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.take;
import static org.huddle.transport.multicast.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.testing.Await;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Choosing the interfaces again while running. Only lo may carry test traffic on this host, so the choice
 * itself never changes here; moving to an interface that appears is tested between network namespaces
 * (huddle-itests, InterfaceHotplugIT).
 */
class RescanTest {

    /** Collects what the transport reports. */
    private static final class Reports implements Warnings {

        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<String> infos = new CopyOnWriteArrayList<>();

        @Override
        public void warn(String message, Throwable cause) {
            warnings.add(message);
        }

        @Override
        public void info(String message) {
            infos.add(message);
        }
    }

    private static boolean rescanThreadAlive(String transport) {
        String name = "huddle-" + transport + " interface rescan";
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Sends on the membership and returns the source its own looped-back datagram came from. */
    private static InetSocketAddress ownSource(Membership m, BlockingQueue<String> seen, String text)
            throws Exception {
        m.send(text(text));
        String got = take(seen, s -> s.startsWith(text + " "), "its own datagram " + text);
        String[] parts = got.split(" ");
        return new InetSocketAddress(InetAddress.getByName(parts[1]), Integer.parseInt(parts[2]));
    }

    private static Membership open(MulticastTransport t, Channel channel, BlockingQueue<String> seen)
            throws IOException {
        return t.open(channel, (p, src) -> seen.add(text(p) + " " + src.getAddress().getHostAddress() + " "
                + src.getPort()));
    }

    @Test
    void aRescanThreadRunsWhileTheTransportLivesAndNoLonger() throws Exception {
        MulticastTransport a = Loopback.transport("rescan1", FreePorts.udp(), (m, t) -> { }, Map.of("interfaces_rescan", 1));
        assertTrue(rescanThreadAlive("rescan1"));
        a.deactivate();
        Await.until(() -> !rescanThreadAlive("rescan1"), "the rescan thread to end with the transport");
    }

    @Test
    void theRescanPeriodFollowsTheConfiguration() throws Exception {
        Map<String, Object> values = new HashMap<>(Map.of("huddle_transport_name", "rescan2", "interfaces",
                new String[] { "lo" }, "groups", new String[] { "239.255.72.68" }, "port", FreePorts.udp(),
                "interfaces_rescan", 0));
        MulticastTransport a = new MulticastTransport(Configs.of(values), (m, t) -> { });
        try {
            assertFalse(rescanThreadAlive("rescan2"), "0 turns rescanning off");
            values.put("interfaces_rescan", 1);
            a.modified(Configs.of(values));
            assertTrue(rescanThreadAlive("rescan2"));
            values.put("interfaces_rescan", -1);
            a.modified(Configs.of(values));
            assertTrue(a.stats().description().contains("configuration refused: interfaces.rescan -1 is negative"),
                    a.stats().description());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aRescanThatFindsTheSameInterfacesKeepsTheSockets() throws Exception {
        Reports reports = new Reports();
        MulticastTransport a = Loopback.transport("a", FreePorts.udp(), reports, Map.of("interfaces_rescan", 0));
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Membership m = open(a, a.defaultChannel(), seen)) {
            InetSocketAddress before = ownSource(m, seen, "one");
            a.rescan();
            a.rescan();
            assertEquals(before, ownSource(m, seen, "two"), "the same sending socket");
            assertEquals(List.of(), reports.infos);
            assertEquals(List.of(), reports.warnings);
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aChoiceThatCannotBeMadeAgainIsReportedOnceAndNothingMoves() throws Exception {
        Reports reports = new Reports();
        InterfaceWatch watch = new InterfaceWatch(reports);
        InterfaceResolver.Choice lo = InterfaceResolver.resolve(List.of("lo"), List.of(), false);
        Channel channel = new Channel(List.of(InetAddress.getByName("239.255.72.68")), FreePorts.udp());
        SocketSettings settings = new SocketSettings(1, true, 0, 0);
        TransportSetup gone = new TransportSetup(channel,
                new InterfaceResolver.Request(List.of("nosuchif0"), List.of(), false), lo, settings, 1);

        assertSame(gone, watch.rescan(gone, "a"));
        assertSame(gone, watch.rescan(gone, "a"));
        assertEquals(1, reports.warnings.size(), reports.warnings.toString());
        assertTrue(reports.warnings.get(0).contains("nosuchif0") && reports.warnings.get(0).contains("staying on lo"),
                reports.warnings.get(0));
        assertTrue(watch.trouble().contains("nosuchif0"), watch.trouble());

        TransportSetup back = new TransportSetup(channel,
                new InterfaceResolver.Request(List.of("lo"), List.of(), false), lo, settings, 1);
        assertSame(back, watch.rescan(back, "a"), "the same interfaces: nothing to change");
        assertNull(watch.trouble());
        assertEquals(List.of("transport a: the interfaces can be chosen again"), reports.infos);
    }

    @Test
    void aMembershipThatCannotMoveStaysAndTheSameMoveIsNotTriedAgain() throws Exception {
        Reports reports = new Reports();
        MulticastTransport a = Loopback.transport("a", FreePorts.udp());
        InterfaceWatch watch = new InterfaceWatch(reports);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Membership m = open(a, a.defaultChannel(), seen)) {
            InetSocketAddress before = ownSource(m, seen, "one");
            SocketSettings settings = new SocketSettings(1, true, 1048576, 0);
            InterfaceResolver.Request request = new InterfaceResolver.Request(List.of(), List.of(), false);
            // No interface at all: nothing can be joined.
            TransportSetup nowhere = new TransportSetup(m.channel(), request,
                    new InterfaceResolver.Choice(List.of(), false), settings, 1);
            watch.move(List.of((MulticastMembership) m), nowhere, "a");
            watch.move(List.of((MulticastMembership) m), nowhere, "a");
            assertEquals(1, reports.warnings.size(), reports.warnings.toString());
            assertTrue(reports.warnings.get(0).contains("it stays where it was"), reports.warnings.get(0));
            assertEquals(before, ownSource(m, seen, "two"), "still on its sockets");

            TransportSetup elsewhere = new TransportSetup(m.channel(), request,
                    InterfaceResolver.resolve(List.of("lo"), List.of(), false), new SocketSettings(2, true, 1048576, 0),
                    1);
            watch.move(List.of((MulticastMembership) m), elsewhere, "a");
            assertNotEquals(before, ownSource(m, seen, "three"), "a new target is tried");
            assertEquals(1, reports.warnings.size());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void theLogSaysWhichInterfacesAppearedAndDisappeared() throws Exception {
        InterfaceResolver.Choice lo = InterfaceResolver.resolve(List.of("lo"), List.of(), false);
        InterfaceResolver.Choice none = new InterfaceResolver.Choice(List.of(), false);
        assertEquals("interfaces changed: lo appeared", InterfaceWatch.difference(none, lo));
        assertEquals("interfaces changed: lo disappeared", InterfaceWatch.difference(lo, none));
        assertFalse(lo.sameAs(none));
        assertTrue(lo.sameAs(InterfaceResolver.resolve(List.of("lo"), List.of(), false)));
    }

    @Test
    void roomsOnChannelsOfTheirOwnFollowNewSocketSettingsFromTheConfiguration() throws Exception {
        int[] ports = FreePorts.udp(2);
        MulticastTransport a = Loopback.transport("a", ports[0]);
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        Channel own = new Channel(List.of(InetAddress.getByName("239.255.72.69")), ports[1]);
        try (Membership m = open(a, own, seen)) {
            InetSocketAddress before = ownSource(m, seen, "one");
            a.modified(Configs.of(Map.of("huddle_transport_name", "a", "interfaces", new String[] { "lo" },
                    "groups", new String[] { "239.255.72.68" }, "port", ports[0], "ttl", 2)));
            assertEquals(own, m.channel(), "it stays on its channel");
            assertNotEquals(before, ownSource(m, seen, "two"), "new sockets, with the new TTL");
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aNegativeRescanPeriodIsRefusedAtTheStart() {
        IOException e = assertThrows(IOException.class,
                () -> Loopback.transport("a", FreePorts.udp(), (m, t) -> { }, Map.of("interfaces_rescan", -5)));
        assertTrue(e.getMessage().contains("interfaces.rescan"), e.getMessage());
    }
}
