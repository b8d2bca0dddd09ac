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
 * The floor: one {@link DatagramChannel} per member on its interface (lo, or its veth on the LAN), one
 * datagram per payload, no header, no sequence numbers, no repair. The sender only sends; a receiver joins
 * the group and reads in a loop on a thread of its own. Socket settings are Huddle's (1 MiB receive buffer asked for, TTL 1).
 *
 * <p>As {@code raw-member}, the sender is a member of the group too, as in any group communication: the
 * host loops every datagram it multicasts back to it, and a thread reads those and throws them away. That
 * is the floor for Huddle and JGroups, whose senders cannot leave the group they talk in.
 */
final class RawMulticast implements Member {

    static final InetSocketAddress GROUP = new InetSocketAddress("239.255.72.99", 7499);

    private final DatagramChannel channel;
    private final Thread reader;
    private final DatagramChannel echoes;
    private final long joinedAt;

    private RawMulticast(DatagramChannel channel, Thread reader, DatagramChannel echoes, long joinedAt) {
        this.channel = channel;
        this.reader = reader;
        this.echoes = echoes;
        this.joinedAt = joinedAt;
    }

    /** @param senderListens whether the sender is a member of the group too and reads its own datagrams back */
    static Member start(int id, int members, Delivery delivery, boolean senderListens) throws IOException {
        NetworkInterface nif = MemberNet.current().networkInterface(); // lo, or the member's veth on the LAN
        DatagramChannel channel = socket(nif);
        long joinedAt = System.nanoTime();
        if (id == 0) {
            channel.connect(GROUP); // connected sends skip a route lookup per datagram
            DatagramChannel echoes = null;
            if (senderListens) {
                echoes = joined(socket(nif), nif);
                DatagramChannel own = echoes;
                Thread drain = new Thread(() -> read(own, (bytes, offset, length) -> { }), "raw-own-datagrams");
                drain.setDaemon(true);
                drain.start();
            }
            return new RawMulticast(channel, null, echoes, joinedAt);
        }
        joined(channel, nif);
        Thread reader = new Thread(() -> read(channel, delivery), "raw-receiver");
        reader.setDaemon(true);
        reader.start();
        return new RawMulticast(channel, reader, null, joinedAt);
    }

    private static DatagramChannel socket(NetworkInterface nif) throws IOException {
        return DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_REUSEADDR, true)
                .setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20)
                .setOption(StandardSocketOptions.IP_MULTICAST_IF, nif)
                .setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1)
                .setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
    }

    private static DatagramChannel joined(DatagramChannel channel, NetworkInterface nif) throws IOException {
        channel.bind(new InetSocketAddress(GROUP.getPort()));
        channel.join(InetAddress.getByName(GROUP.getHostString()), nif);
        return channel;
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
        if (echoes != null) {
            echoes.close();
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
