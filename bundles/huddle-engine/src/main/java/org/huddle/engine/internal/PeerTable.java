package org.huddle.engine.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.huddle.api.Peer;

/**
 * Who was heard lately, from room traffic and beacons. Bounded whatever arrives: the peers heard from
 * longest ago are forgotten first, and nobody silent for longer than {@link #FORGET_AFTER} is listed.
 */
final class PeerTable {

    /** Long enough to cover a quiet conversation, short enough that a departed laptop drops off the list. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private static final int MAX_PEERS = 1024;

    private final Clock clock;
    private final Map<String, Peer> peers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Peer> eldest) {
            return size() > MAX_PEERS;
        }
    };

    PeerTable(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param id  a node or client id when the wire has one, else empty (then handle and address tell peers apart)
     * @param via how they were heard, for example {@code room lobby} or {@code beacon}
     */
    synchronized void heard(String handle, String id, InetSocketAddress address, String via) {
        String key = id.isEmpty() ? via + '\u0000' + handle + '\u0000' + address : id + '\u0000' + via;
        peers.put(key, new Peer(handle, id, address, via, clock.instant()));
    }

    /** @return the peers heard within {@link #FORGET_AFTER}, most recently heard first */
    synchronized List<Peer> recent() {
        Instant horizon = clock.instant().minus(FORGET_AFTER);
        peers.values().removeIf(p -> p.lastSeen().isBefore(horizon));
        List<Peer> list = new ArrayList<>(peers.values());
        list.sort(Comparator.comparing(Peer::lastSeen).reversed());
        return list;
    }
}
