package org.huddle.api.transport;

import java.util.Objects;

/**
 * One datagram of Huddle's own wire format, decoded. The wire layout is the codec's business
 * (see {@code docs/protocol.md}); this is what it carries.
 *
 * <p>Not every type uses every field: a {@link Type#PING} and its {@link Type#PONG} carry the probe's
 * number in {@code sequence}; a {@link Type#BEACON} carries only {@code handle}; wires of origin programs
 * leave out what they do not have (backchannel has no room, sequence or timestamp: those are empty or 0).
 *
 * @param type      what the datagram is
 * @param senderId  the sending node's id: 16 lower-case hex digits on Huddle's wire; backchannel's
 *                  {@code client_id}; empty when the wire has none
 * @param handle    the sender's handle
 * @param room      the room (empty when the wire has none)
 * @param sequence  the sender's sequence number in this room, from 1; the probe number of a ping or pong
 * @param timestamp milliseconds since the epoch, sender's clock; 0 when the wire has none
 * @param content   the text (empty for types that carry none); a ping's probe text, a pong's answer
 */
public record Envelope(Type type, String senderId, String handle, String room, long sequence, long timestamp,
        String content) {

    /** What a datagram is. */
    public enum Type {
        /** A chat message: {@code "type": "msg"} on the wire. */
        MESSAGE,

        /** A probe, "who is listening?": answered by unicast {@link #PONG}s. @since 1.1 */
        PING,

        /** The answer to a {@link #PING}, sent by unicast to where the ping came from. @since 1.1 */
        PONG,

        /** A discovery beacon: only a handle, on the beacon wire. @since 1.1 */
        BEACON
    }

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(content, "content");
    }
}
