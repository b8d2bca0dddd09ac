package org.huddle.bridge.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The datagrams a bridge passed on lately, by a 64-bit digest of their bytes: one that comes back (its own copy
 * looping on multicast, or another bridge's relay of it) is not passed on again, which is what keeps two bridges
 * between the same networks from ping-ponging a datagram forever. Bounded: the oldest are forgotten first.
 */
final class RecentDatagrams {

    static final int CAPACITY = 65_536;

    private final Map<Long, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** @return whether the datagram is new (and remembers it), {@code false} when it was seen lately */
    synchronized boolean firstTime(ByteBuffer datagram) {
        return seen.put(digest(datagram), Boolean.TRUE) == null;
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
