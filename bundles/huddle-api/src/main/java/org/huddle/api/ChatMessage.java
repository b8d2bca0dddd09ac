package org.huddle.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One chat message in a room, as delivered to front ends and kept in history.
 *
 * @param room      the room it was said in
 * @param senderId  the sending node's id (random per engine start, 16 hex digits)
 * @param handle    the sender's handle at the time it was said
 * @param sequence  the sender's sequence number in this room, from 1
 * @param timestamp when the sender said it (sender's clock)
 * @param content   the text
 * @param local     {@code true} when this node said it
 */
public record ChatMessage(String room, String senderId, String handle, long sequence, Instant timestamp,
        String content, boolean local) {

    public ChatMessage {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(content, "content");
    }
}
