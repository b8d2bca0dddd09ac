package org.huddle.api;

import java.time.Duration;
import java.util.function.Consumer;

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
     * Joins a room with a given wire and channel (or selects it, when already joined the same way) and makes
     * it the current room. Rooms on one channel share its sockets; a backchannel room has a channel of its
     * own.
     *
     * @param room    as {@link #join(String)}
     * @param options the wire and channel
     * @return the room
     * @throws ChatException when the name or options are not allowed, the room is already joined with other
     *                       options, or the channel is one an origin program would misread
     * @since 1.1
     */
    RoomInfo join(String room, JoinOptions options);

    /**
     * Joins a room as {@link #join(String, JoinOptions)} does, but leaves the current room as it is: for a front
     * end that keeps a current room of its own (the web page), so that it never moves another front end's.
     *
     * @param room    as {@link #join(String)}
     * @param options the wire and channel
     * @return the room
     * @throws ChatException as {@link #join(String, JoinOptions)}
     * @since 1.4
     */
    RoomInfo joinWithoutSelecting(String room, JoinOptions options);

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

    /**
     * Sends one probe and collects the replies until its timeout: every Huddle node in the probed room
     * answers once, after a small random delay, and so does any listener that acknowledges what it receives
     * (such as PyMOTW's multicast receiver). Blocks for the probe's timeout.
     *
     * @param probe   what to send, and where
     * @param onReply called for every reply as it arrives, on the calling thread
     * @return all replies, in arrival order
     * @throws ChatException when there is nothing to probe (no room, no transport), or the channel is one an
     *                       origin program would misread (backchannel's)
     * @since 1.1
     */
    List<ProbeReply> probe(Probe probe, Consumer<ProbeReply> onReply);

    /**
     * Turns the discovery beacon on or off: while on, {@code {"username": "<handle>"}} goes to 224.0.0.1:9778
     * every 2 seconds and the beacons of others there are listened to (see {@link #peers()}).
     *
     * @param on whether to beacon
     * @throws ChatException when it cannot be turned on (no transport, the port is taken)
     * @since 1.1
     */
    void beacon(boolean on);

    /** @return whether the beacon is on @since 1.1 */
    boolean beaconing();

    /** @return who was heard lately, in rooms or by beacon, most recently heard first @since 1.1 */
    List<Peer> peers();

    /**
     * Checks the network path of the transport's default channel: interfaces, joins, a self-loop test, a probe
     * that peers answer, TTL, buffers and drop counters. Blocks for about the probe timeout.
     *
     * @param probeTimeout how long to wait for the self-loop and for peers to answer
     * @return findings and hints
     * @since 1.1
     */
    Diagnosis diagnose(Duration probeTimeout);
}
