package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * UDP ports that no socket on this host holds, for the tests' channels: never a fixed port, so two builds
 * on one machine, or a program that holds some port, neither break these tests nor are heard by them.
 *
 * <p>The kernel chooses: a socket bound to the wildcard address (dual-stack, so both families count) on
 * port 0 gets a port that no IPv4 or IPv6 socket is bound to, whatever address; that is what the transport
 * needs, as it binds each receiving socket to its group address on the channel's port. The socket is closed
 * before the port is returned, so something else could take the port before the test binds it: a race of
 * microseconds against the kernel's random choice among some 28,000 ephemeral ports, which these tests
 * accept rather than a fixed range that every concurrent build would share.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** @return a UDP port free in both families on every address */
    static int udp() {
        return udp(1)[0];
    }

    /**
     * @param count how many
     * @return that many distinct free UDP ports (all held until all are chosen, so none is chosen twice)
     */
    static int[] udp(int count) {
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
}
