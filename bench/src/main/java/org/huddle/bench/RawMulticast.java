package org.huddle.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The floor: one {@link DatagramChannel} per member on loopback, one datagram per payload, no header,
 * no sequence numbers, no repair. The sender only sends; a receiver joins the group and reads in a
 * loop on a thread of its own. Socket settings are Huddle's (1 MiB receive buffer asked for, TTL 1).
 */
final class RawMulticast implements Member {

    static final InetSocketAddress GROUP = new InetSocketAddress("239.255.72.99", 7499);

    private final DatagramChannel channel;
    private final Thread reader;
    private final long joinedAt;

    private RawMulticast(DatagramChannel channel, Thread reader, long joinedAt) {
        this.channel = channel;
        this.reader = reader;
        this.joinedAt = joinedAt;
    }

    static Member start(int id, int members, Delivery delivery) throws IOException {
        NetworkInterface lo = NetworkInterface.getByName("lo");
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20)
                .setOption(StandardSocketOptions.IP_MULTICAST_IF, lo)
                .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1)
                .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        long joinedAt = System.nanoTime();
        if (id == 0) {
            channel.connect(GROUP); // the sender does not receive; connected sends skip a route lookup per datagram
            return new RawMulticast(channel, null, joinedAt);
        }
        channel.bind(new InetSocketAddress(GROUP.getPort()));
        channel.join(InetAddress.getByName(GROUP.getHostString()), lo);
        Thread reader = new Thread(() -> read(channel, delivery), "raw-receiver");
        reader.setDaemon(true);
        reader.start();
        return new RawMulticast(channel, reader, joinedAt);
    }

    private static void read(DatagramChannel channel, Delivery delivery) {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            while (true) {
                buf.clear();
                channel.receive(buf);
                delivery.delivered(buf.array(), 0, buf.position());
            }
        } catch (ClosedChannelException closed) {
            // closed by close()
        } catch (IOException e) {
            e.printStackTrace();
        }
    }

    @Override
    public void send(byte[] payload) throws IOException {
        channel.write(ByteBuffer.wrap(payload));
    }

    @Override
    public long joinedAt() {
        return joinedAt;
    }

    @Override
    public int peers() {
        return 0;
    }

    @Override
    public boolean hasMembership() {
        return false;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (reader != null) {
            reader.interrupt();
        }
    }
}
