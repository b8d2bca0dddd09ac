package org.huddle.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Another chat program on the same host, written against the wire format alone: a plain
 * {@link DatagramChannel} that joins the test group on the loopback interface and shares the port with
 * the transport under test (which sets {@code SO_REUSEADDR} and {@code SO_REUSEPORT}, as this does).
 */
public final class RawPeer implements AutoCloseable {


    private final DatagramChannel channel;
    private final MembershipKey membership;
    private final InetSocketAddress target;
    private final List<String> received = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(65536);
    // A new id per peer: the engine de-duplicates by sender id and sequence number, and a test
    // container outlives one peer.
    private final String id = String.format("%016x", new SecureRandom().nextLong());
    private long sequence;

    /**
     * Joins the group on {@code lo}.
     *
     * @param group a multicast group
     * @param port  the port
     * @throws IOException when the socket cannot be set up
     */
    public RawPeer(String group, int port) throws IOException {
        InetAddress address = InetAddress.getByName(group);
        NetworkInterface lo = NetworkInterface.getByName(HuddleTestSupport.LOOPBACK);
        this.target = new InetSocketAddress(address, port);
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .setOption(StandardSocketOptions.SO_REUSEPORT, true)
                .bind(new InetSocketAddress(port))
                // Sending and membership both on lo: Linux then delivers the group's traffic on lo.
                .setOption(StandardSocketOptions.IP_MULTICAST_IF, lo)
                .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true)
                .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
        this.membership = channel.join(address, lo);
        channel.configureBlocking(false);
    }

    /** @return the sender id this peer puts in its messages: 16 lower-case hex digits */
    public String id() {
        return id;
    }

    /** @return the next sequence number for a message from this peer */
    public long nextSequence() {
        return ++sequence;
    }

    /**
     * @param room    the room
     * @param content the text
     * @return a well-formed v1 message from this peer (handle {@code bob}), with the next sequence number
     */
    public String message(String room, String content) {
        return "{\"v\":1,\"type\":\"msg\",\"id\":\"" + id + "\",\"handle\":\"bob\",\"room\":\"" + room
                + "\",\"seq\":" + nextSequence() + ",\"ts\":" + System.currentTimeMillis() + ",\"content\":\""
                + content + "\"}";
    }

    /**
     * Sends text as one datagram to the group.
     *
     * @param text the datagram, UTF-8
     * @throws IOException when it cannot be sent
     */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends bytes as one datagram to the group.
     *
     * @param datagram the datagram
     * @throws IOException when it cannot be sent
     */
    public void send(byte[] datagram) throws IOException {
        channel.send(ByteBuffer.wrap(datagram), target);
    }

    /**
     * Waits for a datagram (as UTF-8 text) that matches; datagrams received before the call count too.
     * Datagrams this peer sent itself come back as well (loopback), so match on content.
     *
     * @param timeout how long to wait
     * @param match   which datagram
     * @param what    what is awaited, for the failure message
     * @return the datagram's text
     * @throws AssertionError with the datagrams received when none matched in time (or receiving kept failing)
     */
    public String await(Duration timeout, Predicate<String> match, String what) {
        return Await.value(timeout, () -> {
            try {
                return poll(match);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, () -> what + "; datagrams received: " + received());
    }

    private synchronized List<String> received() {
        return List.copyOf(received);
    }

    /**
     * Takes in what has arrived, without waiting.
     *
     * @param match which datagram
     * @return the first datagram received so far that matches, or {@code null}
     * @throws IOException when receiving fails
     */
    public synchronized String poll(Predicate<String> match) throws IOException {
        while (true) {
            buffer.clear();
            if (channel.receive(buffer) == null) {
                break;
            }
            buffer.flip();
            received.add(StandardCharsets.UTF_8.decode(buffer).toString());
        }
        return received.stream().filter(match).findFirst().orElse(null);
    }

    @Override
    public void close() throws IOException {
        membership.drop();
        channel.close();
    }
}
