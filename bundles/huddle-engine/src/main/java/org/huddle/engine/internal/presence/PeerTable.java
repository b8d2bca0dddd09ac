package org.huddle.engine.internal.presence;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.huddle.api.Peer;
import org.huddle.engine.internal.core.Handles;
import org.huddle.engine.internal.sealing.RoomSecret;

/**
 * Who was heard lately: Huddle nodes by their presence ({@code hello}) and messages, one entry per node id and
 * domain (each encrypted room's key is one, the open channels another: {@link #key}), so that what is said in
 * clear under a member's id cannot rename how the encrypted room's members are listed; origin programs by their
 * messages and beacons. Bounded whatever arrives: the peers heard from longest ago
 * are forgotten first, and nobody silent for longer than {@link #FORGET_AFTER} is listed.
 */
public final class PeerTable {

    /** Long enough to cover a quiet conversation, short enough that a departed laptop drops off the list. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    public static final int MAX_PEERS = 1024;

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

    public PeerTable(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param id  a node or client id when the wire has one, else empty (then handle and address tell peers apart)
     * @param via how they were heard, for example {@code room lobby} or {@code beacon}
     */
    public synchronized void heard(String handle, String id, InetSocketAddress address, String via) {
        heard(handle, id, null, address, via);
    }

    /** @param secret the key of the encrypted room it was heard in, {@code null} for an open one */
    public synchronized void heard(String handle, String id, RoomSecret secret, InetSocketAddress address, String via) {
        String key = id.isEmpty() ? via + '\u0000' + handle + '\u0000' + address : key(id, secret);
        Entry known = peers.get(key);
        Peer now = new Peer(handle, id, address, known != null && known.present() ? known.peer().via() : via,
                clock.instant());
        peers.put(key, new Entry(now, known != null && known.present()));
    }

    /**
     * @param id     a Huddle node's id
     * @param secret the key of the encrypted room whose channel it was heard on, {@code null} for an open one
     * @return the key of its entry in that domain
     */
    static String key(String id, RoomSecret secret) {
        return secret == null ? id : id + '\u0000' + secret.room() + '\u0000' + HexFormat.of().formatHex(secret.keyTag());
    }

    /**
     * A Huddle node's {@code hello}: it is listed with the rooms it announced.
     *
     * @param key   its {@link #key} in the domain the hello came in
     * @param rooms its rooms, in the order it joined them
     */
    synchronized void present(String key, String handle, String id, InetSocketAddress address, List<String> rooms) {
        String via = rooms.isEmpty() ? "no rooms" : "rooms " + String.join(", ", rooms);
        peers.put(key, new Entry(new Peer(handle, id, address, via, clock.instant()), true));
    }

    /** @return how many peers are held, listed or not yet forgotten */
    public synchronized int size() {
        return peers.size();
    }

    /** A Huddle node said {@code bye} or timed out in a domain: it is no longer listed there. @param key its {@link #key} */
    synchronized void forget(String key) {
        peers.remove(key);
    }

    /**
     * @param ownHandle this node's handle: a peer that uses it is shown with its id too
     * @return the peers heard within {@link #FORGET_AFTER}, most recently heard first; Huddle nodes that
     *         share a handle (with each other or with this node) shown as {@code bob#3f2a} (the first 4 digits of
     *         the id)
     */
    public synchronized List<Peer> recent(String ownHandle) {
        Instant horizon = clock.instant().minus(FORGET_AFTER);
        peers.values().removeIf(e -> e.peer().lastSeen().isBefore(horizon));
        // One node may be listed once per domain: it is one node, not two sharing a handle.
        Map<String, Set<String>> idsPerHandle = new HashMap<>();
        idsPerHandle.computeIfAbsent(ownHandle, h -> new HashSet<>()).add("");
        for (Entry e : peers.values()) {
            if (!e.peer().id().isEmpty()) {
                idsPerHandle.computeIfAbsent(e.peer().handle(), h -> new HashSet<>()).add(e.peer().id());
            }
        }
        List<Peer> list = new ArrayList<>();
        for (Entry e : peers.values()) {
            Peer p = e.peer();
            boolean shared = !p.id().isEmpty() && idsPerHandle.get(p.handle()).size() > 1;
            list.add(shared ? new Peer(Handles.withId(p.handle(), p.id()), p.id(), p.address(), p.via(), p.lastSeen())
                    : p);
        }
        list.sort(Comparator.comparing(Peer::lastSeen).reversed());
        return oneRowPerNode(list);
    }

    /**
     * One node heard in several domains (an open room and an encrypted one) under one handle is one row, with the
     * rooms of each and where it was heard last; under different handles (someone renamed it in clear) the rows stay
     * apart, so that nothing said in clear speaks for an encrypted room.
     *
     * @param newestFirst the rows, most recently heard first
     */
    private static List<Peer> oneRowPerNode(List<Peer> newestFirst) {
        Map<String, Peer> rows = new LinkedHashMap<>();
        for (Peer p : newestFirst) {
            String key = p.id().isEmpty() ? "\u0000" + rows.size() : p.id() + '\u0000' + p.handle();
            rows.merge(key, p, (newer, older) -> {
                Set<String> rooms = new LinkedHashSet<>(rooms(newer.via()));
                rooms.addAll(rooms(older.via()));
                String via = rooms.isEmpty() ? newer.via() : "rooms " + String.join(", ", rooms);
                return new Peer(newer.handle(), newer.id(), newer.address(), via, newer.lastSeen());
            });
        }
        return List.copyOf(rows.values());
    }

    /** @return the rooms a row's {@code via} names: {@code rooms a, b} from presence, {@code room a} from a message */
    private static List<String> rooms(String via) {
        if (via.startsWith("rooms ")) {
            return List.of(via.substring("rooms ".length()).split(", "));
        }
        return via.startsWith("room ") ? List.of(via.substring("room ".length())) : List.of();
    }
}
