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

    private final DatagramMapper mapper = new DatagramMapper(MAX_DATAGRAM);

    @Override
    public String format() {
        return WireFormat.FORMAT;
    }

    @Override
    public ByteBuffer encode(Envelope e) {
        WireMessage wire = new WireMessage(WireFormat.VERSION, WireFormat.typeName(e.type()), e.senderId(), e.handle(),
                e.room(), e.sequence(), e.timestamp(), e.content());
        return mapper.write(wire, MAX_DATAGRAM);
    }

    @Override
    public Envelope decode(ByteBuffer datagram) throws MalformedDatagramException {
        JsonNode root = mapper.read(datagram);
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
        boolean probe = type != Envelope.Type.MESSAGE;
        String id = text(root, "id");
        if (!WireFormat.SENDER_ID.matcher(id).matches()) {
            throw invalid("id", "is not 16 lower-case hex digits");
        }
        String handle = text(root, "handle");
        if (!Names.isHandle(handle)) {
            throw invalid("handle", "is not a valid handle");
        }
        String room = text(root, "room");
        // A probe of a bare group (no room behind it, as chat:ping --group does) names no room.
        if (!Names.isRoom(room) && !(probe && room.isEmpty())) {
            throw invalid("room", "is not a valid room name");
        }
        long seq = number(root, "seq");
        // A message's seq counts from 1; a probe number is the prober's to choose, 0 included.
        if (seq < (probe ? 0 : 1)) {
            throw invalid("seq", probe ? "must not be negative" : "must be at least 1");
        }
        long ts = number(root, "ts");
        if (ts < 0) {
            throw invalid("ts", "must not be negative");
        }
        return new Envelope(type, id, handle, room, seq, ts, text(root, "content"));
    }

    private static long number(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, node == null ? "is missing" : "is not an integer");
        }
        return node.longValue();
    }
}
