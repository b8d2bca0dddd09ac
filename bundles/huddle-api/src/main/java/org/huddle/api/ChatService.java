package org.huddle.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Takes part in rooms: the service the engine provides and front ends use.
 *
 * <p>Every method is thread safe. Methods that cannot do what was asked throw {@link ChatException}
 * with a message meant for the user.
 */
@ProviderType
public interface ChatService {

    /** Longest handle, in characters. */
    int MAX_HANDLE_LENGTH = 32;

    /** Longest room name, in characters. */
    int MAX_ROOM_LENGTH = 64;

    /** @return this node's id, as carried in every message it sends */
    String selfId();

    /** @return the handle this node says things under */
    String handle();

    /**
     * Changes the handle for messages said from now on.
     *
     * @param handle 1 to {@value #MAX_HANDLE_LENGTH} characters, no control characters
     * @throws ChatException when the handle is not allowed
     */
    void handle(String handle);

    /**
     * Joins a room (or selects it, when already joined) and makes it the current room.
     *
     * @param room 1 to {@value #MAX_ROOM_LENGTH} letters, digits, {@code - _ . #}
     * @return the room
     * @throws ChatException when the name is not allowed
     */
    RoomInfo join(String room);

    /**
     * Makes a joined room the current one.
     *
     * @param room a joined room
     * @return the room
     * @throws ChatException when the room is not joined
     */
    RoomInfo select(String room);

    /**
     * Leaves a room; if it was current, the most recently joined remaining room becomes current.
     *
     * @param room a joined room
     * @throws ChatException when the room is not joined
     */
    void leave(String room);

    /** @return the current room, empty before the first join or after leaving the last room */
    Optional<String> currentRoom();

    /** @return the joined rooms, in the order they were joined */
    List<RoomInfo> rooms();

    /**
     * Says something in the current room.
     *
     * @param content the text
     * @return the message as sent
     * @throws ChatException when no room is joined, the text is empty or too long, or no transport is
     *                       available
     */
    ChatMessage say(String content);

    /**
     * Says something in a joined room.
     *
     * @param room    a joined room
     * @param content the text
     * @return the message as sent
     * @throws ChatException as {@link #say(String)}, or when the room is not joined
     */
    ChatMessage say(String room, String content);

    /**
     * The latest messages of a joined room, oldest first.
     *
     * @param room  a joined room
     * @param limit how many at most (at least 1)
     * @return the messages
     * @throws ChatException when the room is not joined
     */
    List<ChatMessage> history(String room, int limit);

    /** @return a snapshot of the counters */
    ChatStats stats();
}
