package org.huddle.api.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One datagram of Huddle's own wire format, decoded. The wire layout is the codec's business
 * (see {@code docs/protocol.md}); this is what it carries.
 *
 * <p>Not every type uses every field: a {@link Type#PING} and its {@link Type#PONG} carry the probe's
 * number in {@code sequence}; a {@link Type#BEACON} carries only {@code handle}; wires of origin programs
 * leave out what they do not have (backchannel has no room, sequence or timestamp: those are empty or 0).
 *
 * <p>The types of presence and repair (since 1.2) use the fields so:
 * <ul>
 * <li>{@link Type#HELLO}: {@code room} empty, {@code sequence} 0; {@link Extras#addresses()} the sender's
 * addresses and {@link Extras#rooms()} per joined room the highest sequence number it sent there.</li>
 * <li>{@link Type#BYE}: {@code room} the room left, or empty for all of them; no extras.</li>
 * <li>{@link Type#NACK}: {@code senderId} the node asking, {@code room} the room of the missing messages;
 * {@link Extras#of()} the sender whose messages are missing and {@link Extras#missing()} their sequence
 * numbers.</li>
 * <li>{@link Type#ACK} (since 1.5): {@code senderId} the node acknowledging, {@code room} the room,
 * {@code sequence} the highest sequence number up to which it has every message of {@link Extras#of()} there.</li>
 * <li>{@link Type#HISTORY_REQUEST}: {@code room} the room joined, {@code sequence} how many of its last
 * messages are asked for.</li>
 * <li>{@link Type#MESSAGE}: {@link Extras#fragment()} when it is one part of a longer text (each part with a
 * sequence number of its own), {@link Extras#replay()} when it is an old message sent again in answer to a
 * history request.</li>
 * </ul>
 * Every other type has {@link Extras#NONE}.
 *
 * @param type      what the datagram is
 * @param senderId  the sending node's id: 16 lower-case hex digits on Huddle's wire; backchannel's
 *                  {@code client_id}; empty when the wire has none
 * @param handle    the sender's handle
 * @param room      the room (empty when the wire has none)
 * @param sequence  the sender's sequence number in this room, from 1; the probe number of a ping or pong;
 *                  the count of a history request
 * @param timestamp milliseconds since the epoch, sender's clock; 0 when the wire has none
 * @param content   the text (empty for types that carry none); a ping's probe text, a pong's answer
 * @param extras    what the types of presence and repair carry beyond that; {@link Extras#NONE} when
 *                  nothing (since 1.2)
 */
public record Envelope(Type type, String senderId, String handle, String room, long sequence, long timestamp,
        String content, Extras extras) {

    /** What a datagram is. */
    public enum Type {
        /** A chat message: {@code "type": "msg"} on the wire. */
        MESSAGE,

        /** A probe, "who is listening?": answered by unicast {@link #PONG}s. @since 1.1 */
        PING,

        /** The answer to a {@link #PING}, sent by unicast to where the ping came from. @since 1.1 */
        PONG,

        /** A discovery beacon: only a handle, on the beacon wire. @since 1.1 */
        BEACON,

        /** Presence: "I am here, with these addresses, in these rooms, this far": {@code hello}. @since 1.2 */
        HELLO,

        /** Leaving one room, or every room and the network: {@code bye}. @since 1.2 */
        BYE,

        /** A request to send again messages of one sender that never arrived: {@code nack}. @since 1.2 */
        NACK,

        /** A joiner asking for a room's last messages, answered with replayed messages: {@code history?}. @since 1.2 */
        HISTORY_REQUEST,

        /**
         * Flow control: "I have every message of this sender in this room up to here": {@code ack}. A sender
         * waits while it is too far ahead of a member that acknowledges. @since 1.5
         */
        ACK
    }

    public Envelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(extras, "extras");
    }

    /** An envelope without extras, as every type before 1.2 has. */
    public Envelope(Type type, String senderId, String handle, String room, long sequence, long timestamp,
            String content) {
        this(type, senderId, handle, room, sequence, timestamp, content, Extras.NONE);
    }

    /**
     * What the types of presence and repair carry beyond the fields of a chat message. Which type uses which
     * field is said at {@link Envelope}; unused fields are empty. The codec checks the wire's limits; this
     * record only refuses nulls.
     *
     * @param fragment  the place of a message's part in the whole; {@code null} when the message is whole
     * @param replay    whether a message is an old one sent again in answer to a history request
     * @param addresses a {@code hello}'s sender addresses, as IP literals
     * @param rooms     a {@code hello}'s joined rooms, each with the highest sequence number sent there, in
     *                  the order given
     * @param of        a {@code nack}'s sender whose messages are missing, an {@code ack}'s sender whose messages
     *                  are acknowledged; empty otherwise
     * @param missing   a {@code nack}'s missing sequence numbers, ascending
     * @since 1.2
     */
    public record Extras(Fragment fragment, boolean replay, List<String> addresses, Map<String, Long> rooms,
            String of, List<Range> missing) {

        /** Nothing beyond the fields of a chat message. */
        public static final Extras NONE = new Extras(null, false, List.of(), Map.of(), "", List.of());

        public Extras {
            addresses = List.copyOf(Objects.requireNonNull(addresses, "addresses"));
            Objects.requireNonNull(rooms, "rooms");
            // Map.copyOf would lose the order, and the wire writes rooms in the order the sender joined them.
            LinkedHashMap<String, Long> copy = new LinkedHashMap<>();
            rooms.forEach((room, seq) -> copy.put(Objects.requireNonNull(room, "room name"),
                    Objects.requireNonNull(seq, "sequence of room " + room)));
            rooms = Collections.unmodifiableMap(copy);
            Objects.requireNonNull(of, "of");
            missing = List.copyOf(Objects.requireNonNull(missing, "missing"));
        }

        /** @return the extras of part {@code index} of {@code count} of a message */
        public static Extras fragment(int index, int count) {
            return new Extras(new Fragment(index, count), false, List.of(), Map.of(), "", List.of());
        }

        /**
         * @return the extras of an old message sent again in answer to a history request (named so because
         *         {@link #replay()} is the flag itself)
         */
        public static Extras replayed() {
            return new Extras(null, true, List.of(), Map.of(), "", List.of());
        }

        /** @return the extras of a {@code hello} */
        public static Extras hello(List<String> addresses, Map<String, Long> rooms) {
            return new Extras(null, false, addresses, rooms, "", List.of());
        }

        /** @return the extras of an {@code ack} of the messages of {@code of} @since 1.5 */
        public static Extras ack(String of) {
            return new Extras(null, false, List.of(), Map.of(), of, List.of());
        }

        /** @return the extras of a {@code nack} for messages of {@code of} */
        public static Extras nack(String of, List<Range> missing) {
            return new Extras(null, false, List.of(), Map.of(), of, missing);
        }
    }

    /**
     * Part {@code index} of {@code count} of a message too long for one datagram.
     *
     * @param index from 1
     * @param count from {@code index} to {@value #MAX_COUNT}
     * @since 1.2
     */
    public record Fragment(int index, int count) {

        /**
         * The most parts a message is sent in: 64 KiB of text in parts of about 1,000 bytes, with room for a
         * long handle and room name (64 until 1.3).
         */
        public static final int MAX_COUNT = 128;

        public Fragment {
            if (index < 1 || index > count || count > MAX_COUNT) {
                throw new IllegalArgumentException(
                        "fragment " + index + " of " + count + ": need 1 <= index <= count <= " + MAX_COUNT);
            }
        }
    }

    /**
     * The sequence numbers {@code from} to {@code to}, both included.
     *
     * @param from from 1
     * @param to   from {@code from}
     * @since 1.2
     */
    public record Range(long from, long to) {

        public Range {
            if (from < 1 || from > to) {
                throw new IllegalArgumentException("range [" + from + ", " + to + "]: need 1 <= from <= to");
            }
        }
    }
}
