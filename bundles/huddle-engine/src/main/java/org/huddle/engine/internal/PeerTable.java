package org.huddle.engine.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.huddle.api.Peer;

/**
 * Who was heard lately: Huddle nodes by their presence ({@code hello}) and messages, one entry per node id;
 * origin programs by their messages and beacons. Bounded whatever arrives: the peers heard from longest ago
 * are forgotten first, and nobody silent for longer than {@link #FORGET_AFTER} is listed.
 */
final class PeerTable {

    /** Long enough to cover a quiet conversation, short enough that a departed laptop drops off the list. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    static final int MAX_PEERS = 1024;

    /** A peer, and whether its {@code via} comes from presence (then a message does not replace it). */
    private record Entry(Peer peer, boolean present) {
    }

    private final Clock clock;
    private final Map<String, Entry> peers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
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
        String key = id.isEmpty() ? via + '\u0000' + handle + '\u0000' + address : id;
        Entry known = peers.get(key);
        Peer now = new Peer(handle, id, address, known != null && known.present() ? known.peer().via() : via,
                clock.instant());
        peers.put(key, new Entry(now, known != null && known.present()));
    }

    /**
     * A Huddle node's {@code hello}: it is listed with the rooms it announced.
     *
     * @param rooms its rooms, in the order it joined them
     */
    synchronized void present(String handle, String id, InetSocketAddress address, List<String> rooms) {
        String via = rooms.isEmpty() ? "no rooms" : "rooms " + String.join(", ", rooms);
        peers.put(id, new Entry(new Peer(handle, id, address, via, clock.instant()), true));
    }

    /** @return how many peers are held, listed or not yet forgotten */
    synchronized int size() {
        return peers.size();
    }

    /** A Huddle node said {@code bye} or timed out: it is no longer listed. */
    synchronized void forget(String id) {
        peers.remove(id);
    }

    /**
     * @param ownHandle this node's handle: a peer that uses it is shown with its id too
     * @return the peers heard within {@link #FORGET_AFTER}, most recently heard first; Huddle nodes that
     *         share a handle (with each other or with this node) shown as {@code bob#3f2a} (the first 4 digits of
     *         the id)
     */
    synchronized List<Peer> recent(String ownHandle) {
        Instant horizon = clock.instant().minus(FORGET_AFTER);
        peers.values().removeIf(e -> e.peer().lastSeen().isBefore(horizon));
        Map<String, Integer> idsPerHandle = new HashMap<>();
        idsPerHandle.put(ownHandle, 1);
        for (Entry e : peers.values()) {
            if (!e.peer().id().isEmpty()) {
                idsPerHandle.merge(e.peer().handle(), 1, Integer::sum);
            }
        }
        List<Peer> list = new ArrayList<>();
        for (Entry e : peers.values()) {
            Peer p = e.peer();
            boolean shared = !p.id().isEmpty() && idsPerHandle.get(p.handle()) > 1;
            list.add(shared ? new Peer(Handles.withId(p.handle(), p.id()), p.id(), p.address(), p.via(), p.lastSeen())
                    : p);
        }
        list.sort(Comparator.comparing(Peer::lastSeen).reversed());
        return list;
    }
}
