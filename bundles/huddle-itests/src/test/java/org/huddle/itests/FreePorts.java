package org.huddle.itests;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Ports that are free on this machine now, for tests that bind on the host's loopback: two builds at once, or
 * anything else on the machine that holds a port, then neither make a test fail nor let it hear another one.
 * The operating system chooses: a socket is bound to port 0 on the wildcard address, its port read, the socket
 * closed. With IPv6 the wildcard socket is a dual-stack one, so the port was free for both families; and a port
 * free on the wildcard address is free on every single address too (the multicast transport binds its group's
 * address, Felix HTTP and JGroups bind 127.0.0.1).
 *
 * <p>The small race: between the close here and the test's own bind, something else may take the port. The
 * kernel hands out its ephemeral ports in a spread-out order, so that is rare, and a test that loses the race
 * fails with a port in use rather than passing wrongly. A port chosen for a test's whole class (a {@code static}
 * field, or Pax Exam's {@code @Configuration}) stays unbound between tests for a moment too.
 *
 * <p>Pax Exam: the forked container loads the test class again, so a port must be chosen once, in the driver's
 * {@code @Configuration}, and handed to the container ({@link HuddleTestSupport#passPort}); a static field
 * initialised here would have another value in the container than in the driver.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** @return a UDP port free now */
    public static int udp() {
        return udp(1)[0];
    }

    /**
     * @param count how many
     * @return that many UDP ports free now, all different (each is held until all are chosen)
     */
    public static int[] udp(int count) {
        return choose(count, () -> new DatagramSocket(new InetSocketAddress(0)), DatagramSocket::getLocalPort);
    }

    /** @return a TCP port free now */
    public static int tcp() {
        return tcp(1)[0];
    }

    /**
     * @param count how many
     * @return that many TCP ports free now, all different (each is held until all are chosen)
     */
    public static int[] tcp(int count) {
        // Only listened on, never connected: closing it leaves no TIME_WAIT behind.
        return choose(count, () -> new ServerSocket(0), ServerSocket::getLocalPort);
    }

    private interface Bind<S extends Closeable> {
        S bind() throws IOException;
    }

    private static <S extends Closeable> int[] choose(int count, Bind<S> bind, ToIntFunction<S> port) {
        List<S> held = new ArrayList<>();
        IOException failure = null;
        try {
            while (held.size() < count) {
                held.add(bind.bind());
            }
        } catch (IOException e) {
            failure = e;
        }
        int[] ports = held.stream().mapToInt(port).toArray();
        for (S socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("cannot choose " + count + " free port(s)", failure);
        }
        return ports;
    }
}
