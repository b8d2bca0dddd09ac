package org.huddle.engine.internal.rooms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.huddle.api.ChatException;
import org.huddle.api.Names;
import org.huddle.api.Wire;
import org.huddle.engine.internal.history.HistoryBuffer;
import org.huddle.engine.internal.history.HistoryStore;

/** The joined rooms in joining order, and which one is current. Thread safe. */
public final class RoomRegistry {

    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final HistoryStore store;
    /**
     * Where this node's sequence numbers of rooms it left stand: joined again in the same run (same sender
     * id), a room goes on counting, since peers take numbers they have seen for copies.
     */
    private final Map<String, Long> leftAt = new HashMap<>();
    private int historySize;
    private String current;

    public RoomRegistry(int historySize, HistoryStore store) {
        this.historySize = historySize;
        this.store = store;
    }

    /** Sets the history size of rooms joined from now on. */
    public synchronized void historySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, not " + size);
        }
        this.historySize = size;
    }

    /**
     * Joins (or re-selects) a room and, if asked, makes it current.
     *
     * @throws ChatException when the name is not allowed, the room is joined on another channel, or the
     *                       channel speaks a wire without room names and another room is on it
     */
    public Room join(String name, RoomChannel channel, boolean select) {
        int size;
        synchronized (this) {
            Room joined = joinable(name, channel);
            if (joined != null) {
                current = select ? name : current;
                return joined;
            }
            size = historySize;
        }
        // Reading the room's file takes milliseconds, a hundred on a JVM not warmed up yet: not under the lock
        // that the receive path of every other room takes. Until it is in the map the room is not joined, so
        // nothing is added to its history meanwhile.
        // An encrypted room's history stays in memory: a file would keep in clear what the room seals.
        HistoryBuffer history = channel.sealed() ? new HistoryBuffer(size) : store.open(name, size);
        synchronized (this) {
            Room room;
            try {
                room = joinable(name, channel);
            } catch (ChatException conflict) {
                history.close(); // another join of the same name, or of the same channel, came first
                throw conflict;
            }
            if (room == null) {
                room = new Room(name, channel, history, leftAt.getOrDefault(name, 1L));
                rooms.put(name, room);
            } else {
                history.close();
            }
            current = select ? name : current;
            return room;
        }
    }

    /**
     * @return the room when it is joined already on that channel, or {@code null} when it may be joined
     * @throws ChatException when it may not
     */
    private Room joinable(String name, RoomChannel channel) {
        if (!Names.isRoom(name)) {
            throw new ChatException("invalid room name '" + name + "': use " + Names.ROOM_RULE);
        }
        Room room = rooms.get(name);
        if (room != null && !room.channel().equals(channel)) {
            throw new ChatException("already in " + name + " on another channel, wire or passphrase: leave it first");
        }
        if (room == null) {
            Room sharing = channel.wire() == Wire.HUDDLE ? null : findOn(channel);
            if (sharing != null) {
                throw new ChatException("room " + sharing.name() + " is already on that channel, and the "
                        + channel.wire().label() + " wire has no room names to tell rooms apart");
            }
        }
        return room;
    }

    /** @return the room if it is joined on that very channel, else {@code null}; for the receive path */
    public synchronized Room find(String name, RoomChannel channel) {
        Room room = rooms.get(name);
        return room != null && room.channel().equals(channel) ? room : null;
    }

    /** @return the first joined room on a channel, or {@code null}; for wires without room names */
    public synchronized Room findOn(RoomChannel channel) {
        for (Room r : rooms.values()) {
            if (r.channel().equals(channel)) {
                return r;
            }
        }
        return null;
    }

    public synchronized Room select(String name) {
        Room room = require(name);
        current = name;
        return room;
    }

    public synchronized void leave(String name) {
        require(name);
        Room left = rooms.remove(name);
        left.history().close();
        synchronized (left) { // the send path's lock, held from peek to commit
            left.markLeft();
            leftAt.put(name, left.peekSequence());
        }
        if (name.equals(current)) {
            current = null;
            for (String remaining : rooms.keySet()) {
                current = remaining; // the last one joined
            }
        }
    }

    /** Closes every room's history file; the engine stops. */
    public synchronized void closeAll() {
        rooms.values().forEach(r -> r.history().close());
    }

    public synchronized Room require(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            throw new ChatException("not in room '" + name + "': join it first");
        }
        return room;
    }

    /** @return the room, or {@code null} when not joined; for the receive path, which must not throw */
    public synchronized Room find(String name) {
        return rooms.get(name);
    }

    public synchronized Room requireCurrent() {
        if (current == null) {
            throw new ChatException("not in a room: join one first");
        }
        return rooms.get(current);
    }

    public synchronized Optional<String> current() {
        return Optional.ofNullable(current);
    }

    public synchronized List<Room> all() {
        return new ArrayList<>(rooms.values());
    }
}
