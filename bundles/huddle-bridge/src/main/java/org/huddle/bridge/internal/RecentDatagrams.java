package org.huddle.bridge.internal;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The datagrams a bridge passed on lately, by a 64-bit digest of their bytes, with who sent each first: a copy that
 * comes from anyone else (its own relay looping back, or another bridge's relay of it) is not passed on again,
 * which is what keeps two bridges between the same networks from ping-ponging a datagram forever. The same bytes
 * from the same sender again are a retransmission (a repair asked for with a NACK, after the first copy was lost
 * beyond the bridge) and are passed on when they come from the same side, unless they follow the last relay within {@link #REPEAT_GAP_NANOS}, as
 * a copy of one datagram on two interfaces does. The side matters since a relayed datagram keeps its origin on
 * a JGroups cluster: another bridge's relay of a LAN host's datagram names that host, as the LAN copy did.
 * Bounded: the oldest are forgotten first.
 */
final class RecentDatagrams {

    static final int CAPACITY = 65_536;

    /** Shorter than any repair (NACKs wait for a gap to last), longer than a datagram's copies take to arrive. */
    static final long REPEAT_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private record Relayed(InetSocketAddress source, int side, long at) {
    }

    private final Map<Long, Relayed> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Relayed> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * @param source who sent this copy
     * @param now    {@link System#nanoTime()}, or a test's clock
     * @return whether to pass the datagram on (and remember that it was), {@code false} for a copy of a recent one
     */
    boolean shouldRelay(ByteBuffer datagram, InetSocketAddress source, long now) {
        return shouldRelay(datagram, source, 0, now);
    }

    /** @param side which side of the bridge this copy was heard on */
    synchronized boolean shouldRelay(ByteBuffer datagram, InetSocketAddress source, int side, long now) {
        long digest = digest(datagram);
        Relayed last = seen.get(digest);
        if (last != null && (!last.source().equals(source) || last.side() != side
                || now - last.at() < REPEAT_GAP_NANOS)) {
            return false;
        }
        seen.remove(digest); // re-inserted last: forgotten after the CAPACITY datagrams that follow
        seen.put(digest, new Relayed(source, side, now));
        return true;
    }

    /** FNV-1a, 64 bits, over the bytes and their count: fast, and collisions among 65,536 entries are negligible. */
    static long digest(ByteBuffer datagram) {
        long h = 0xcbf29ce484222325L;
        for (int i = datagram.position(); i < datagram.limit(); i++) {
            h ^= datagram.get(i) & 0xff;
            h *= 0x100000001b3L;
        }
        return h ^ datagram.remaining();
    }
}
