package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.take;
import static org.huddle.transport.multicast.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.huddle.api.transport.Membership;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;

/** Membership.sendTo and isOwn, on the loopback interface. */
class UnicastTest {

    /** What a listener saw: the text and whether the membership called it its own. */
    private record Seen(String text, InetSocketAddress source, boolean own) {
    }

    @Test
    void sendToReachesAUnicastSocketAndIsCounted() throws Exception {
        MulticastTransport a = Loopback.transport("a", FreePorts.udp());
        try (DatagramChannel peer = DatagramChannel.open();
                Membership m = a.open(a.defaultChannel(), (p, src) -> { })) {
            peer.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer.socket().setSoTimeout(5000);
            m.sendTo((InetSocketAddress) peer.getLocalAddress(), text("pong"));

            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            peer.socket().receive(packet);
            assertEquals("pong", new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            InetSocketAddress source = (InetSocketAddress) packet.getSocketAddress();
            assertTrue(m.isOwn(source), "the reply came from one of the membership's sockets: " + source);
            assertFalse(m.isOwn((InetSocketAddress) peer.getLocalAddress()), "the peer's socket is not ours");
            assertFalse(m.isOwn(new InetSocketAddress("198.51.100.7", source.getPort())),
                    "the right port on an address of another host is not ours");
            assertEquals(1, a.stats().datagramsSent());
            assertEquals(4, a.stats().bytesSent());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void sendToAFamilyWithoutASocketFails() throws Exception {
        MulticastTransport a = Loopback.transport("a", FreePorts.udp());
        try (Membership m = a.open(a.defaultChannel(), (p, src) -> { })) {
            IOException e = assertThrows(IOException.class,
                    () -> m.sendTo(new InetSocketAddress(InetAddress.getByName("::1"), 9), text("x")));
            assertTrue(e.getMessage().contains("no IPv6 socket"), e.getMessage());
            assertThrows(IOException.class, () -> m.sendTo(InetSocketAddress.createUnresolved("example.org", 9),
                    text("x")));
            assertEquals(0, a.stats().datagramsSent());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void ownLoopedBackDatagramsAreRecognisedAndOthersAreNot() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        MulticastTransport b = Loopback.transport("b", port);
        BlockingQueue<Seen> atA = new LinkedBlockingQueue<>();
        Membership[] self = new Membership[1];
        try (Membership ma = a.open(a.defaultChannel(),
                (p, src) -> atA.add(new Seen(text(p), src, self[0].isOwn(src))));
                Membership mb = b.open(b.defaultChannel(), (p, src) -> { })) {
            self[0] = ma;
            ma.send(text("mine"));
            Seen mine = take(atA);
            assertEquals("mine", mine.text());
            assertTrue(mine.own(), "a's own datagram, looped back: " + mine.source());

            mb.send(text("b's"));
            Seen other = take(atA);
            assertEquals("b's", other.text());
            assertFalse(other.own(), "another instance on the same host is not us: " + other.source());
            assertNotEquals(mine.source().getPort(), other.source().getPort());
        } finally {
            a.deactivate();
            b.deactivate();
        }
    }

    @Test
    void aMovedMembershipStillKnowsItsOwnDatagrams() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        Membership[] self = new Membership[1];
        try (Membership m = a.open(a.defaultChannel(),
                (p, src) -> seen.add(new Seen(text(p), src, self[0].isOwn(src))))) {
            self[0] = m;
            m.send(text("before"));
            InetSocketAddress before = take(seen).source();
            // A new TTL means new sockets (with new ports) on the same channel.
            a.modified(Configs.of(Map.of("huddle_transport_name", "a", "interfaces", new String[] { "lo" },
                    "groups", new String[] { "239.255.72.68" }, "port", port, "ttl", 2)));
            m.send(text("after"));
            Seen after = take(seen, s -> s.text().equals("after"), "the datagram sent after the move");
            assertNotEquals(before.getPort(), after.source().getPort(), "new sockets after the move");
            assertTrue(after.own());
            assertTrue(m.isOwn(before), "a datagram of the sockets before the move may still come back");
        } finally {
            a.deactivate();
        }
    }
}
