package org.huddle.api.transport;

import java.util.Objects;

/**
 * One datagram of Huddle's own wire format, decoded. The wire layout is the codec's business
 * (see {@code docs/protocol.md}); this is what it carries.
 *
 * @param type      what the datagram is
 * @param senderId  the sending node's id: 16 lower-case hex digits
 * @param handle    the sender's handle
 * @param room      the room
 * @param sequence  the sender's sequence number in this room, from 1
 * @param timestamp milliseconds since the epoch, sender's clock
 * @param content   the text (empty for types that carry none)
 */
public record Envelope(Type type, String senderId, String handle, String room, long sequence, long timestamp,
        String content) {

    /** What a datagram is. */
    public enum Type {
        /** A chat message: {@code "type": "msg"} on the wire. */
        MESSAGE
    }

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(content, "content");
    }
}
