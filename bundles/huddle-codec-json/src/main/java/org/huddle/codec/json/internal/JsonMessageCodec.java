package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.EMPTY;
import static org.huddle.api.transport.MalformedDatagramException.Reason.FOREIGN;
import static org.huddle.api.transport.MalformedDatagramException.Reason.INVALID_FIELD;
import static org.huddle.api.transport.MalformedDatagramException.Reason.NOT_JSON;
import static org.huddle.api.transport.MalformedDatagramException.Reason.OVERSIZED;
import static org.huddle.api.transport.MalformedDatagramException.Reason.UNKNOWN_TYPE;
import static org.huddle.api.transport.MalformedDatagramException.Reason.UNSUPPORTED_VERSION;

import java.io.IOException;
import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

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

    private final ObjectMapper mapper;

    public JsonMessageCodec() {
        // A datagram is at most 1232 bytes, so tight limits cost nothing and bound hostile input early.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(8)
                        .maxStringLength(MAX_DATAGRAM)
                        .maxNumberLength(32)
                        .maxDocumentLength(MAX_DATAGRAM)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    @Override
    public String format() {
        return WireFormat.FORMAT;
    }

    @Override
    public ByteBuffer encode(Envelope e) {
        WireMessage wire = new WireMessage(WireFormat.VERSION, WireFormat.typeName(e.type()), e.senderId(), e.handle(),
                e.room(), e.sequence(), e.timestamp(), e.content());
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(wire);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode " + e, ex);
        }
        if (bytes.length > MAX_DATAGRAM) {
            throw new IllegalArgumentException(
                    "encoded message is " + bytes.length + " bytes; at most " + MAX_DATAGRAM + " fit in one datagram");
        }
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public Envelope decode(ByteBuffer datagram) throws MalformedDatagramException {
        int length = datagram.remaining();
        if (length == 0) {
            throw new MalformedDatagramException(EMPTY, "empty datagram");
        }
        if (length > MAX_DATAGRAM) {
            throw new MalformedDatagramException(OVERSIZED, length + " bytes, more than " + MAX_DATAGRAM);
        }
        JsonNode root = parse(datagram);
        if (root == null || !root.isObject() || !root.has("v")) {
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
        if (!WireFormat.SENDER_ID.matcher(id).matches()) {
            throw invalid("id", "is not 16 lower-case hex digits");
        }
        String handle = text(root, "handle");
        if (!Names.isHandle(handle)) {
            throw invalid("handle", "is not a valid handle");
        }
        String room = text(root, "room");
        if (!Names.isRoom(room)) {
            throw invalid("room", "is not a valid room name");
        }
        long seq = number(root, "seq");
        if (seq < 1) {
            throw invalid("seq", "must be at least 1");
        }
        long ts = number(root, "ts");
        if (ts < 0) {
            throw invalid("ts", "must not be negative");
        }
        return new Envelope(type, id, handle, room, seq, ts, text(root, "content"));
    }

    private JsonNode parse(ByteBuffer datagram) throws MalformedDatagramException {
        try {
            if (datagram.hasArray()) {
                return mapper.readTree(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining());
            }
            byte[] copy = new byte[datagram.remaining()];
            datagram.duplicate().get(copy);
            return mapper.readTree(copy);
        } catch (IOException | RuntimeException e) {
            // Jackson reports bad UTF-8, cut-off input and broken limits all as exceptions: one reason.
            throw new MalformedDatagramException(NOT_JSON, "not JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static String text(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw invalid(field, node == null ? "is missing" : "is not a string");
        }
        return node.textValue();
    }

    private static long number(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, node == null ? "is missing" : "is not an integer");
        }
        return node.longValue();
    }

    private static MalformedDatagramException invalid(String field, String problem) {
        return new MalformedDatagramException(INVALID_FIELD, "\"" + field + "\" " + problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
