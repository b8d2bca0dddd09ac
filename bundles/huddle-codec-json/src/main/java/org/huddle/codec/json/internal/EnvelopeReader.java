package org.huddle.codec.json.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.huddle.api.Names;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Fragment;

/**
 * The fast path of {@link JsonMessageCodec#decode}: a well-formed datagram of the common types read
 * token by token straight into an {@link Envelope}, without the tree. It answers only when sure: on
 * anything it does not expect (a field it does not know, a value of another JSON type, a {@code hello}
 * or {@code nack}, any defect) it answers {@code null} and the tree path decides, so what is refused,
 * and why, is the tree path's alone. Whatever it accepts passes the same checks as there.
 *
 * <p>Why a parser with Jackson's symbol table, when the tree path keeps none (see {@link DatagramMapper}): field
 * names are then matched in place, without a string made of each and hashed again to look it up, which was
 * half of what decoding cost (JMH, docs/benchmarks.md). What kept the tree path from it was a sender making up
 * names to fill the table shared by all parsers. Here a parser adds to that table only when it is closed, and
 * it is closed only when it accepted every name it read: on anything else it is dropped unclosed, so the table
 * never holds more than the names this class knows, and a made-up name costs the copy of a table that small.
 * Duplicate names are told apart by the bits of {@code seen}, so Jackson's own detection, a hash set of the
 * names of every object, is off.
 */
final class EnvelopeReader {

    /** Not for the fast path: thrown without a stack trace, caught in {@link #read}. */
    private static final class NotFast extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFast() {
            super(null, null, false, false);
        }
    }

    private static final NotFast NOT_FAST = new NotFast();

    private static final int V = 1;
    private static final int TYPE = 1 << 1;
    private static final int ID = 1 << 2;
    private static final int HANDLE = 1 << 3;
    private static final int ROOM = 1 << 4;
    private static final int SEQ = 1 << 5;
    private static final int TS = 1 << 6;
    private static final int CONTENT = 1 << 7;
    private static final int FRAG = 1 << 8;
    private static final int REPLAY = 1 << 9;
    private static final int REQUIRED = V | TYPE | ID | HANDLE | ROOM | SEQ | TS | CONTENT;

    private EnvelopeReader() {
    }

    /** @return the envelope of a datagram that passed {@link DatagramMapper#check}, or {@code null}: ask the tree */
    static Envelope read(JsonFactory factory, byte[] bytes, int offset, int length) {
        try {
            JsonParser p = factory.createParser(bytes, offset, length);
            Envelope e = envelope(p);
            if (e != null) {
                p.close(); // only now: every name it read is one this class knows
            }
            return e;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Envelope envelope(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        int seen = 0;
        long v = 0;
        String typeName = null;
        String id = null;
        String handle = null;
        String room = null;
        long seq = 0;
        long ts = 0;
        String content = null;
        Fragment fragment = null;
        boolean replay = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            if (t != JsonToken.FIELD_NAME) {
                return null;
            }
            String name = p.currentName();
            int field = field(name);
            if (field == 0 || (seen & field) != 0) {
                return null;
            }
            seen |= field;
            JsonToken value = p.nextToken();
            switch (field) {
                case V -> v = number(p, value);
                case TYPE -> typeName = string(p, value);
                case ID -> id = string(p, value);
                case HANDLE -> handle = string(p, value);
                case ROOM -> room = string(p, value);
                case SEQ -> seq = number(p, value);
                case TS -> ts = number(p, value);
                case CONTENT -> content = string(p, value);
                case FRAG -> fragment = fragment(p, value);
                default -> replay = flag(value);
            }
        }
        if (p.nextToken() != null || (seen & REQUIRED) != REQUIRED || v != WireFormat.VERSION) {
            return null;
        }
        Envelope.Type type = WireFormat.type(typeName);
        if (type == null || type == Envelope.Type.HELLO || type == Envelope.Type.NACK || type == Envelope.Type.ACK
                || (type != Envelope.Type.MESSAGE && (seen & (FRAG | REPLAY)) != 0)) {
            return null; // unknown types are refused, and hello, nack and ack read, by the tree path
        }
        if (!WireFormat.isSenderId(id) || !Names.isHandle(handle) || !JsonMessageCodec.fitsRoom(type, room)
                || JsonMessageCodec.sequenceProblem(type, seq) != null || ts < 0) {
            return null;
        }
        Extras extras = fragment == null && !replay ? Extras.NONE
                : new Extras(fragment, replay, List.of(), Map.of(), "", List.of());
        return new Envelope(type, id, handle, room, seq, ts, content, extras);
    }

    private static int field(String name) {
        return switch (name) {
            case "v" -> V;
            case "type" -> TYPE;
            case "id" -> ID;
            case "handle" -> HANDLE;
            case "room" -> ROOM;
            case "seq" -> SEQ;
            case "ts" -> TS;
            case "content" -> CONTENT;
            case "frag" -> FRAG;
            case "replay" -> REPLAY;
            default -> 0;
        };
    }

    private static String string(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw NOT_FAST;
        }
        return p.getText();
    }

    /** A JSON integer that fits a long, as the tree path's {@code canConvertToLong} has it. */
    private static long number(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw NOT_FAST;
        }
        return p.getLongValue();
    }

    private static boolean flag(JsonToken value) {
        if (value == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (value == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw NOT_FAST;
    }

    /** {@code [index, count]}, two integers that fit an int and make a fragment. */
    private static Fragment fragment(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw NOT_FAST;
        }
        int index = smallNumber(p, p.nextToken());
        int count = smallNumber(p, p.nextToken());
        if (p.nextToken() != JsonToken.END_ARRAY) {
            throw NOT_FAST;
        }
        return new Fragment(index, count); // out of range: IllegalArgumentException, so the tree path says why
    }

    private static int smallNumber(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw NOT_FAST;
        }
        return p.getIntValue();
    }
}
