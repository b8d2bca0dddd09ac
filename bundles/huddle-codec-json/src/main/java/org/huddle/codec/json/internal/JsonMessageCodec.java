package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.FOREIGN;
import static org.huddle.api.transport.MalformedDatagramException.Reason.UNKNOWN_TYPE;
import static org.huddle.api.transport.MalformedDatagramException.Reason.UNSUPPORTED_VERSION;
import static org.huddle.codec.json.internal.DatagramMapper.invalid;
import static org.huddle.codec.json.internal.DatagramMapper.text;

import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JsonNode;

import org.huddle.api.Names;
import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.osgi.service.component.annotations.Component;

/**
 * Huddle's wire format v1: one UTF-8 JSON object per datagram (see {@code docs/protocol.md}).
 */
@Component(property = MessageCodec.FORMAT + "=" + WireFormat.FORMAT)
public final class JsonMessageCodec implements MessageCodec {

    /** The most messages a {@code history?} may ask for. */
    static final int MAX_HISTORY_REQUEST = 1000;

    private final DatagramMapper mapper = new DatagramMapper(MAX_DATAGRAM);

    @Override
    public String format() {
        return WireFormat.FORMAT;
    }

    /**
     * @throws IllegalArgumentException also for extras that the type does not carry or that break the wire's
     *                                  limits, which every receiver would drop
     */
    @Override
    public ByteBuffer encode(Envelope e) {
        try {
            WireExtras.check(e.type(), e.extras());
        } catch (MalformedDatagramException refused) {
            throw new IllegalArgumentException(e.type() + ": " + refused.getMessage(), refused);
        }
        return DatagramMapper.fit(EnvelopeWriter.write(mapper.factory(), e), MAX_DATAGRAM);
    }

    @Override
    public Envelope decode(ByteBuffer datagram) throws MalformedDatagramException {
        mapper.check(datagram);
        if (datagram.hasArray()) {
            Envelope fast = EnvelopeReader.read(mapper.knownNamesFactory(), datagram.array(),
                    datagram.arrayOffset() + datagram.position(), datagram.remaining());
            if (fast != null) {
                return fast;
            }
        }
        return decode(mapper.tree(datagram));
    }

    /** Decodes by the tree path alone, as before the fast path existed: for tests that compare the two. */
    Envelope decodeByTree(ByteBuffer datagram) throws MalformedDatagramException {
        mapper.check(datagram);
        return decode(mapper.tree(datagram));
    }

    /** Encodes through the object mapper, as before {@link EnvelopeWriter}: for tests that compare the two. */
    byte[] encodeByMapper(Envelope e) {
        return mapper.write(WireMessage.of(e));
    }

    /** The tree path: every datagram the fast path does not take, and every defect told apart. */
    private static Envelope decode(JsonNode root) throws MalformedDatagramException {
        if (!root.isObject() || !root.has("v")) {
            throw new MalformedDatagramException(FOREIGN, "not a Huddle datagram (no \"v\" field)");
        }
        JsonNode v = root.get("v");
        if (!v.isIntegralNumber() || v.asLong() != WireFormat.VERSION) {
            throw new MalformedDatagramException(UNSUPPORTED_VERSION, "version " + v + ", this node speaks " + WireFormat.VERSION);
        }
        String typeName = text(root, "type");
        Envelope.Type type = WireFormat.type(typeName);
        if (type == null) {
            throw new MalformedDatagramException(UNKNOWN_TYPE, "unknown type \"" + typeName + "\"");
        }
        String id = text(root, "id");
        if (!WireFormat.isSenderId(id)) {
            throw invalid("id", "is not 16 lower-case hex digits");
        }
        String handle = text(root, "handle");
        if (!Names.isHandle(handle)) {
            throw invalid("handle", "is not a valid handle");
        }
        String room = text(root, "room");
        if (!fitsRoom(type, room)) {
            throw invalid("room", room.isEmpty() ? "must name a room" : "is not a valid room name for a " + typeName);
        }
        long seq = number(root, "seq");
        String seqProblem = sequenceProblem(type, seq);
        if (seqProblem != null) {
            throw invalid("seq", seqProblem);
        }
        long ts = number(root, "ts");
        if (ts < 0) {
            throw invalid("ts", "must not be negative");
        }
        String content = text(root, "content");
        return new Envelope(type, id, handle, room, seq, ts, content, WireExtras.read(type, root));
    }

    static boolean fitsRoom(Envelope.Type type, String room) {
        return switch (type) {
            // A hello speaks for the node in every room it is in.
            case HELLO -> room.isEmpty();
            // A probe of a bare group (no room behind it, as chat:ping --group does) names no room; a bye
            // without a room leaves them all.
            case PING, PONG, BYE -> room.isEmpty() || Names.isRoom(room);
            default -> Names.isRoom(room);
        };
    }

    /** @return what is wrong with the {@code seq} of a type, or {@code null} */
    static String sequenceProblem(Envelope.Type type, long seq) {
        return switch (type) {
            case MESSAGE -> seq < 1 ? "must be at least 1" : null;
            // The count of messages asked for: bounded, because each one asked for is a datagram in answer.
            case HISTORY_REQUEST -> seq < 1 || seq > MAX_HISTORY_REQUEST ? "must be 1 to " + MAX_HISTORY_REQUEST : null;
            // A probe number is the prober's to choose, 0 included; an ack's how far it has all; hello, bye and nack have none.
            default -> seq < 0 ? "must not be negative" : null;
        };
    }

    private static long number(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, node == null ? "is missing" : "is not an integer");
        }
        return node.longValue();
    }
}
