package org.huddle.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.huddle.api.ChatException;
import org.huddle.api.Names;
import org.huddle.api.Wire;

/** The joined rooms in joining order, and which one is current. Thread safe. */
final class RoomRegistry {

    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private int historySize;
    private String current;

    RoomRegistry(int historySize) {
        this.historySize = historySize;
    }

    /** Sets the history size of rooms joined from now on. */
    synchronized void historySize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("history size must be at least 1, not " + size);
        }
        this.historySize = size;
    }

    /**
     * Joins (or re-selects) a room and makes it current.
     *
     * @throws ChatException when the name is not allowed, the room is joined on another channel, or the
     *                       channel speaks a wire without room names and another room is on it
     */
    synchronized Room join(String name, RoomChannel channel) {
        if (!Names.isRoom(name)) {
            throw new ChatException("invalid room name '" + name + "': use 1 to 64 letters, digits, '.', '_', '#' or '-'");
        }
        Room room = rooms.get(name);
        if (room != null && !room.channel().equals(channel)) {
            throw new ChatException("already in " + name + " on another channel or wire; leave it first (chat:leave "
                    + name + ")");
        }
        if (room == null) {
            Room sharing = channel.wire() == Wire.HUDDLE ? null : findOn(channel);
            if (sharing != null) {
                throw new ChatException("room " + sharing.name() + " is already on that channel, and the "
                        + channel.wire().label() + " wire has no room names to tell rooms apart");
            }
            room = new Room(name, channel, historySize);
            rooms.put(name, room);
        }
        current = name;
        return room;
    }

    /** @return the first joined room on a channel, or {@code null}; for wires without room names */
    synchronized Room findOn(RoomChannel channel) {
        for (Room r : rooms.values()) {
            if (r.channel().equals(channel)) {
                return r;
            }
        }
        return null;
    }

    synchronized Room select(String name) {
        Room room = require(name);
        current = name;
        return room;
    }

    synchronized void leave(String name) {
        require(name);
        rooms.remove(name);
        if (name.equals(current)) {
            current = null;
            for (String remaining : rooms.keySet()) {
                current = remaining; // the last one joined
            }
        }
    }

    synchronized Room require(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            throw new ChatException("not in room '" + name + "': join it first with chat:join " + name);
        }
        return room;
    }

    /** @return the room, or {@code null} when not joined; for the receive path, which must not throw */
    synchronized Room find(String name) {
        return rooms.get(name);
    }

    synchronized Room requireCurrent() {
        if (current == null) {
            throw new ChatException("not in a room: join one first with chat:join <room>");
        }
        return rooms.get(current);
    }

    synchronized Optional<String> current() {
        return Optional.ofNullable(current);
    }

    synchronized List<Room> all() {
        return new ArrayList<>(rooms.values());
    }
}
