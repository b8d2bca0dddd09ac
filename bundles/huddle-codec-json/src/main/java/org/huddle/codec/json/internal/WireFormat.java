package org.huddle.codec.json.internal;

import java.util.regex.Pattern;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MessageCodec;

/** The constants of wire format v1 that both directions need. */
final class WireFormat {

    static final int VERSION = 1;

    static final String FORMAT = MessageCodec.HUDDLE_FORMAT;

    /** Sender ids are 64 random bits as lower-case hex. */
    static final Pattern SENDER_ID = Pattern.compile("[0-9a-f]{16}");

    private WireFormat() {
    }

    /** {@link #SENDER_ID} without a matcher for every datagram. */
    static boolean isSenderId(String id) {
        if (id == null || id.length() != 16) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static String typeName(Envelope.Type type) {
        return switch (type) {
            case MESSAGE -> "msg";
            case PING -> "ping";
            case PONG -> "pong";
            case HELLO -> "hello";
            case BYE -> "bye";
            case NACK -> "nack";
            case HISTORY_REQUEST -> "history?";
            case ACK -> "ack";
            case BEACON -> throw new IllegalArgumentException("beacons are not sent on Huddle's wire");
        };
    }

    /** @return the type, or {@code null} for a name this version does not know */
    static Envelope.Type type(String name) {
        if (name == null) {
            return null;
        }
        return switch (name) {
            case "msg" -> Envelope.Type.MESSAGE;
            case "ping" -> Envelope.Type.PING;
            case "pong" -> Envelope.Type.PONG;
            case "hello" -> Envelope.Type.HELLO;
            case "bye" -> Envelope.Type.BYE;
            case "nack" -> Envelope.Type.NACK;
            case "history?" -> Envelope.Type.HISTORY_REQUEST;
            case "ack" -> Envelope.Type.ACK;
            default -> null;
        };
    }
}
