package org.huddle.transport.multicast.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

import org.huddle.testing.Await;

/**
 * Transports for the tests, pinned to the loopback interface: nothing they send leaves this host (IPv6
 * multicast pinned to lo is refused by Linux with "network unreachable", never routed elsewhere).
 */
final class Loopback {

    private Loopback() {
    }

    /**
     * @param more further settings, overriding the defaults; groups are IPv4 only unless given here
     */
    static MulticastTransport transport(String name, int port, Warnings warnings, Map<String, Object> more)
            throws IOException {
        Map<String, Object> values = new HashMap<>(Map.of("huddle_transport_name", name, "interfaces",
                new String[] { "lo" }, "groups", new String[] { "239.255.72.68" }, "port", port));
        values.putAll(more);
        return new MulticastTransport(Configs.of(values), warnings);
    }

    static MulticastTransport transport(String name, int port) throws IOException {
        return transport(name, port, (m, t) -> { }, Map.of());
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    /** @return the next thing received, waiting up to {@link Await#DEADLINE} */
    static <T> T take(BlockingQueue<T> q) {
        return Await.next(q, Await.DEADLINE, "a datagram");
    }

    /** @return the first thing received that is wanted, skipping others, waiting up to {@link Await#DEADLINE} */
    static <T> T take(BlockingQueue<T> q, java.util.function.Predicate<? super T> wanted, String what) {
        return Await.next(q, wanted, Await.DEADLINE, what);
    }
}
