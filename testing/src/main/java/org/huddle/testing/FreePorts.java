package org.huddle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports that nothing on this host holds, for tests: never a fixed port, so two builds on one machine, or a
 * program that holds some port, neither break a test nor are heard by it (nor let its members join another
 * build's cluster).
 *
 * <p>The kernel chooses: a UDP socket bound to the wildcard address (dual-stack, so both families count) on
 * port 0 gets a port that no IPv4 or IPv6 socket is bound to, whatever address, which is what a multicast
 * transport needs, as it binds each receiving socket to its group address on the channel's port; a TCP
 * server socket on 127.0.0.1 gets a port nothing listens on. The socket is closed before the port is
 * returned, so something else could take the port before the test binds it: a race of microseconds against
 * the kernel's random choice among some 28,000 ephemeral ports, which the tests accept rather than a fixed
 * range that every concurrent build would share.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return a UDP port free in both families on every address */
    public static int udp() {
        return udp(1)[0];
    }

    /**
     * @param count how many
     * @return that many distinct free UDP ports (all held until all are chosen, so none is chosen twice)
     */
    public static int[] udp(int count) {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                DatagramSocket socket = new DatagramSocket(0); // the wildcard address, dual-stack where IPv6 is on
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port", e);
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    /** @return a TCP port free on 127.0.0.1 */
    public static int tcp() {
        return tcp(1)[0];
    }

    /**
     * @param count how many
     * @return that many distinct free TCP ports on 127.0.0.1 (all held until all are chosen)
     */
    public static int[] tcp(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot give back port " + socket.getLocalPort(), e);
                }
            }
        }
    }
}
