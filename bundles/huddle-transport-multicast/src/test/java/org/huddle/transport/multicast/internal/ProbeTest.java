package org.huddle.transport.multicast.internal;

import static org.huddle.transport.multicast.internal.Loopback.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.huddle.api.transport.Channel;
import org.huddle.testing.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * Transport.probe against responders that answer as PyMOTW's receiver does: a unicast {@code ack} to where the
 * probe came from.
 */
class ProbeTest {

    private static final String GROUP = "239.255.72.68";

    /** Joined on lo; answers every datagram with {@code answer}, by unicast, until closed. */
    private static DatagramChannel responder(int port, String answer) throws IOException {
        DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
        socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        socket.bind(new InetSocketAddress(port));
        socket.join(InetAddress.getByName(GROUP), NetworkInterface.getByName("lo"));
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            while (socket.isOpen()) {
                try {
                    buffer.clear();
                    InetSocketAddress from = (InetSocketAddress) socket.receive(buffer);
                    socket.send(text(answer), from);
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException e) {
                    // answer the next one
                }
            }
        }, "responder " + answer);
        thread.setDaemon(true);
        thread.start();
        return socket;
    }

    @Test
    void collectsTheUnicastRepliesOfEveryResponderUntilTheTimeout() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        List<String> replies = new CopyOnWriteArrayList<>();
        List<InetSocketAddress> sources = new CopyOnWriteArrayList<>();
        try (DatagramChannel ack = responder(port, "ack"); DatagramChannel pong = responder(port, "pong")) {
            long start = System.nanoTime();
            a.probe(a.defaultChannel(), text("who is there?"), Duration.ofMillis(1500), (p, src) -> {
                replies.add(text(p));
                sources.add(src);
            });
            long took = (System.nanoTime() - start) / 1_000_000;
            assertEquals(List.of("ack", "pong"), replies.stream().sorted().toList());
            for (InetSocketAddress source : sources) {
                assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), source);
            }
            assertTrue(took >= 1400, "collects until the timeout, took " + took + " ms");
            assertEquals(1, a.stats().datagramsSent(), "one group on one interface");
            assertEquals(2, a.stats().datagramsReceived());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aFailingReplyListenerDoesNotStopTheCollection() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        List<String> replies = new ArrayList<>();
        try (DatagramChannel one = responder(port, "one"); DatagramChannel two = responder(port, "two")) {
            a.probe(a.defaultChannel(), text("?"), Duration.ofMillis(1000), (p, src) -> {
                String s = text(p);
                replies.add(s);
                if (replies.size() == 1) {
                    throw new IllegalStateException("listener bug");
                }
            });
            assertEquals(2, replies.size(), replies.toString());
            assertEquals(1, a.stats().receiveErrors());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aProbeThatCannotBeSentAnywhereFails() throws Exception {
        // Linux refuses IPv6 multicast out of lo ("network unreachable"): nothing goes out.
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port);
        try {
            Channel v6 = new Channel(List.of(InetAddress.getByName("ff02::4844")), port);
            IOException e = assertThrows(IOException.class,
                    () -> a.probe(v6, text("?"), Duration.ofSeconds(5), (p, src) -> { }));
            assertTrue(e.getMessage().contains("could not send the probe"), e.getMessage());
            assertEquals(0, a.stats().datagramsSent());
            assertEquals(1, a.stats().sendErrors());
        } finally {
            a.deactivate();
        }
    }

    @Test
    void aDualStackProbeGoesOutOnTheFamilyThatWorks() throws Exception {
        int port = FreePorts.udp();
        MulticastTransport a = Loopback.transport("a", port, (m, t) -> { },
                Map.of("groups", new String[] { GROUP, "ff02::4844" }));
        List<String> replies = new CopyOnWriteArrayList<>();
        try (DatagramChannel ack = responder(port, "ack")) {
            a.probe(a.defaultChannel(), text("?"), Duration.ofMillis(800), (p, src) -> replies.add(text(p)));
            assertEquals(List.of("ack"), replies);
            assertEquals(1, a.stats().datagramsSent());
        } finally {
            a.deactivate();
        }
    }
}
