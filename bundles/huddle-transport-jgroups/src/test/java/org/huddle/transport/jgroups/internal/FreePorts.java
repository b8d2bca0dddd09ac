package org.huddle.transport.jgroups.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP ports free on the loopback address, for the members' {@code bind.port} and initial hosts: never a
 * fixed port, so two builds on one machine, or a program that holds some port, neither break these tests
 * nor make their members join another build's cluster.
 *
 * <p>The kernel chooses: a server socket bound to 127.0.0.1 on port 0 gets a port nothing listens on. The
 * socket is closed before the port is returned, so something else could take the port before JGroups binds
 * it: a race of microseconds against the kernel's choice among some 28,000 ephemeral ports, which these
 * tests accept rather than a fixed range that every concurrent build would share.
 */
final class FreePorts {

    private FreePorts() {
    }

    /** @return a TCP port free on 127.0.0.1 */
    static int tcp() {
        return tcp(1)[0];
    }

    /**
     * @param count how many
     * @return that many distinct free TCP ports (all held until all are chosen, so none is chosen twice)
     */
    static int[] tcp(int count) {
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
