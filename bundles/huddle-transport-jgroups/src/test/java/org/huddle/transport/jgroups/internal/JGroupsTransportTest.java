package org.huddle.transport.jgroups.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.Membership;
import org.huddle.testing.Await;
import org.huddle.testing.FreePorts;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

/** Two transports, each a real JGroups member on loopback TCP, as two nodes on two hosts would be. */
class JGroupsTransportTest {

    /** A cluster forms and carries a datagram in well under this, even on a busy machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    static final String SECRET = "correct horse battery staple";

    /** The members' TCP ports, free ones for each test (see {@link FreePorts}). */
    private final int portA;
    private final int portB;
    /** Where everyone looks for the cluster: member a. */
    private final String hosts;

    private JGroupsTransport a;
    private JGroupsTransport b;

    JGroupsTransportTest() {
        int[] ports = FreePorts.tcp(2);
        portA = ports[0];
        portB = ports[1];
        hosts = "127.0.0.1:" + portA;
    }

    /** A datagram and where it came from. */
    private record Received(String text, InetSocketAddress source) {
    }

    static JGroupsTransportConfig config(Map<String, Object> values) {
        return (JGroupsTransportConfig) Proxy.newProxyInstance(JGroupsTransportTest.class.getClassLoader(),
                new Class<?>[] { JGroupsTransportConfig.class }, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    return method.getName().equals("annotationType") ? JGroupsTransportConfig.class : method.getDefaultValue();
                });
    }

    static Logger quietLogger() {
        return (Logger) Proxy.newProxyInstance(JGroupsTransportTest.class.getClassLoader(), new Class<?>[] { Logger.class },
                (proxy, method, args) -> method.getReturnType() == boolean.class ? false : null);
    }

    private JGroupsTransport member(String name, int port, String cluster) throws Exception {
        return new JGroupsTransport(config(Map.of("huddle_transport_name", name, "cluster", cluster,
                "bind_address", "127.0.0.1", "bind_port", port, "port_range", 0,
                "hosts", new String[] { hosts, "127.0.0.1:" + portB }, "join_timeout", 1000, "secret", SECRET)),
                quietLogger());
    }

    @BeforeEach
    void startTwoMembers() throws Exception {
        a = member("a", portA, "test-cluster");
        b = member("b", portB, "test-cluster");
        Await.until(DEADLINE,
                () -> a.stats().description().contains("2 member(s)") && b.stats().description().contains("2 member(s)"),
                () -> "both members in one view: " + a.stats().description() + " / " + b.stats().description());
    }

    @AfterEach
    void stop() {
        b.deactivate();
        a.deactivate();
    }

    private static BlockingQueue<Received> listen(JGroupsTransport t, Channel channel, List<Membership> keep) {
        BlockingQueue<Received> q = new LinkedBlockingQueue<>();
        keep.add(t.open(channel, (payload, source) -> q.add(new Received(StandardCharsets.UTF_8.decode(payload).toString(), source))));
        return q;
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDatagramReachesTheOtherMemberOnItsChannelOnlyAndNotItsSender() throws Exception {
        Channel lobby = a.defaultChannel();
        Channel other = new Channel(List.of(InetAddress.getByName("239.255.72.70")), 7448);
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atA = listen(a, lobby, kept);
        BlockingQueue<Received> atB = listen(b, lobby, kept);
        BlockingQueue<Received> otherAtB = listen(b, other, kept);

        kept.get(0).send(text("hello b"));
        Received got = Await.next(atB, DEADLINE, "b received a's datagram");
        assertEquals("hello b", got.text());
        assertEquals(new InetSocketAddress("127.0.0.1", portA), got.source(), "known by a's TCP address");
        assertTrue(kept.get(0).isOwn(new InetSocketAddress("127.0.0.1", portA)));
        assertFalse(kept.get(1).isOwn(got.source()));
        assertNull(otherAtB.poll(300, TimeUnit.MILLISECONDS), "another channel hears nothing");
        assertNull(atA.poll(10, TimeUnit.MILLISECONDS), "a does not hear itself");

        // a reply to that one peer only (as a NACK's answer goes)
        kept.get(1).sendTo(got.source(), text("just to a"));
        Received reply = Await.next(atA, DEADLINE, "b's reply to a alone");
        assertEquals("just to a", reply.text());
        assertEquals(new InetSocketAddress("127.0.0.1", portB), reply.source());
        assertThrows(IOException.class, () -> kept.get(1).sendTo(new InetSocketAddress("127.0.0.1", 9), text("x")));

        assertTrue(a.stats().datagramsSent() >= 1 && b.stats().datagramsReceived() >= 1);
    }

    @Test
    void aProbeGetsTheAnswersSentToItAloneAndNotTheChannelsTraffic() throws Exception {
        Channel lobby = a.defaultChannel();
        List<Membership> kept = new java.util.ArrayList<>();
        // b answers every datagram to its sender alone, as a node answers a ping; and says something to all
        Membership[] atB = new Membership[1];
        atB[0] = b.open(lobby, (payload, source) -> {
            try {
                atB[0].sendTo(source, text("pong"));
                atB[0].send(text("chatter"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        kept.add(atB[0]);
        List<Received> replies = new java.util.ArrayList<>();
        long start = System.nanoTime();
        a.probe(lobby, text("ping"), java.time.Duration.ofMillis(1500),
                (payload, source) -> replies.add(new Received(StandardCharsets.UTF_8.decode(payload).toString(), source)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1500), "blocks for the timeout");
        assertEquals(List.of(new Received("pong", new InetSocketAddress("127.0.0.1", portB))), replies,
                "the answer, not what b said to everyone");
    }

    @Test
    void aMessageThatIsNoFrameIsCountedAndDroppedAndDeliveryGoesOn() throws Exception {
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atB = listen(b, b.defaultChannel(), kept);
        listen(a, a.defaultChannel(), kept);
        long errorsBefore = b.stats().receiveErrors();
        // a member speaking something else on the same cluster: an empty message and a bad name length
        try (JChannel stranger = new JChannel(ClusterStack.of(config(Map.of("bind_address", "127.0.0.1", "bind_port", FreePorts.tcp(),
                "port_range", 0, "hosts", new String[] { hosts }, "join_timeout", 1000)),
                FrameSeal.derive(SECRET, "test-cluster"), x -> { }).toArray(new org.jgroups.stack.Protocol[0]))) {
            stranger.connect("test-cluster");
            stranger.send(new BytesMessage(null, new byte[0]));
            stranger.send(new BytesMessage(null, new byte[] { 40, 'x' }));
            Await.until(DEADLINE, () -> b.stats().receiveErrors() >= errorsBefore + 2, () -> "both counted: " + b.stats());
        }
        kept.get(1).send(text("still fine"));
        Received got = Await.next(atB, DEADLINE, "b's datagram after the stranger's");
        assertEquals("still fine", got.text());
    }

    @Test
    void aDatagramLongerThanHuddlesLongestIsCountedAndDropped() throws Exception {
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atB = listen(b, b.defaultChannel(), kept);
        listen(a, a.defaultChannel(), kept);
        long errorsBefore = b.stats().receiveErrors();
        kept.get(1).send(ByteBuffer.wrap(new byte[org.huddle.api.transport.MessageCodec.MAX_DATAGRAM + 1]));
        Await.until(DEADLINE, () -> b.stats().receiveErrors() > errorsBefore, () -> "the long one counted: " + b.stats());
        kept.get(1).send(ByteBuffer.wrap(new byte[org.huddle.api.transport.MessageCodec.MAX_DATAGRAM]));
        Received got = Await.next(atB, DEADLINE, "the longest Huddle datagram goes through");
        assertEquals(org.huddle.api.transport.MessageCodec.MAX_DATAGRAM, got.text().length());
        assertNull(atB.poll(200, TimeUnit.MILLISECONDS), "and only it");
    }

    @Test
    void aRelayedDatagramNamesItsOriginAndWhatIsSentToTheOriginGoesToTheRelayer() throws Exception {
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atA = listen(a, a.defaultChannel(), kept);
        BlockingQueue<Received> atB = listen(b, b.defaultChannel(), kept);
        InetSocketAddress lanHost = new InetSocketAddress("192.0.2.7", 40001);
        kept.get(0).relay(text("from the LAN"), lanHost);
        Received got = Await.next(atB, DEADLINE, "the relayed datagram at b");
        assertEquals(new Received("from the LAN", lanHost), got, "known by its origin, not by the bridge");
        kept.get(1).sendTo(lanHost, text("repair for the LAN host"));
        Received back = Await.next(atA, DEADLINE, "the relaying member gets what is sent to its origin");
        assertEquals("repair for the LAN host", back.text());
    }

    @Test
    void aStrangerWithJGroupsPlainStackNeitherJoinsNorHearsNorIsHeard() throws Exception {
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atB = listen(b, b.defaultChannel(), kept);
        listen(a, a.defaultChannel(), kept);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        try (JChannel stranger = new JChannel(new org.jgroups.protocols.TCP().setBindAddress(InetAddress.getLoopbackAddress())
                .setBindPort(FreePorts.tcp()).setPortRange(0), new org.jgroups.protocols.TCPPING().setInitialHosts(List.of(
                        new InetSocketAddress("127.0.0.1", portA), new InetSocketAddress("127.0.0.1", portB))).setPortRange(0),
                new org.jgroups.protocols.MERGE3(), new org.jgroups.protocols.pbcast.NAKACK2(),
                new org.jgroups.protocols.UNICAST3(), new org.jgroups.protocols.pbcast.STABLE(),
                new org.jgroups.protocols.pbcast.GMS().setJoinTimeout(1000).printLocalAddress(false))) {
            stranger.setReceiver(new org.jgroups.Receiver() {
                @Override
                public void receive(org.jgroups.Message m) {
                    heard.add(new String(m.getArray(), m.getOffset(), m.getLength(), StandardCharsets.ISO_8859_1));
                }
            });
            stranger.setDiscardOwnMessages(true);
            stranger.connect("test-cluster");
            byte[] name = ChannelFrames.name(b.defaultChannel());
            stranger.send(new BytesMessage(null, ChannelFrames.frame(name, text("injected"))));
            kept.get(1).send(text("for members only"));
            Received got = Await.next(atB, DEADLINE, "b's datagram for members only");
            assertEquals("for members only", got.text(), "members talk; nothing injected before it");
            assertEquals(1, stranger.getView().size(), "the stranger is alone: " + stranger.getView());
            assertTrue(a.stats().description().contains("2 member(s)"), a.stats().description());
            assertNull(atB.poll(500, TimeUnit.MILLISECONDS), "nothing injected");
            assertTrue(heard.isEmpty(), "the stranger heard nothing: " + heard);
            assertTrue(a.stats().receiveErrors() + b.stats().receiveErrors() > 0, "its frames refused and counted");
        }
    }

    @Test
    void aMemberWithTheSecretCannotMakeANodeTakeAHugeMessage() throws Exception {
        List<Membership> kept = new java.util.ArrayList<>();
        BlockingQueue<Received> atB = listen(b, b.defaultChannel(), kept);
        listen(a, a.defaultChannel(), kept);
        long refusedBefore = b.stats().receiveErrors();
        try (JChannel member = new JChannel(ClusterStack.of(config(Map.of("bind_address", "127.0.0.1", "bind_port", FreePorts.tcp(),
                "port_range", 0, "hosts", new String[] { hosts }, "join_timeout", 1000)),
                FrameSeal.derive(SECRET, "test-cluster"), x -> { }).toArray(new org.jgroups.stack.Protocol[0]))) {
            member.connect("test-cluster");
            Await.until(DEADLINE, () -> b.stats().description().contains("3 member(s)"), () -> "the member in: " + b.stats());
            Runtime runtime = Runtime.getRuntime();
            byte[] huge = new byte[64 << 20];
            member.send(new BytesMessage(null, huge).setFlag(org.jgroups.Message.Flag.NO_FC)); // no waiting for credits
            Await.until(DEADLINE, () -> b.stats().receiveErrors() > refusedBefore, () -> "the 64 MiB frame refused: " + b.stats());
            kept.get(1).send(text("still chatting"));
            Received got = Await.next(atB, DEADLINE, "delivery goes on");
            assertEquals("still chatting", got.text());
            assertTrue(runtime.totalMemory() - runtime.freeMemory() < runtime.maxMemory(), "sanity");
        }
    }

    @Test
    void aMemberWithAnotherSecretDoesNotJoin() throws Exception {
        JGroupsTransport other = new JGroupsTransport(config(Map.of("huddle_transport_name", "c", "cluster", "test-cluster",
                "bind_address", "127.0.0.1", "bind_port", FreePorts.tcp(), "port_range", 0,
                "hosts", new String[] { hosts }, "join_timeout", 1000, "secret", "not the cluster's secret")), quietLogger());
        try {
            assertTrue(other.stats().description().contains("1 member(s)"), other.stats().description());
            assertTrue(a.stats().description().contains("2 member(s)"), a.stats().description());
        } finally {
            other.deactivate();
        }
    }
}
