package org.huddle.codec.json.internal;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Range;

/**
 * Writes an envelope as Huddle's wire has it (docs/protocol.md), token by token: the same bytes as
 * {@link WireMessage} through the object mapper (fields in its order, extras only when set), without
 * the mapper's reflection on the record, boxed numbers and per-call serializer lookups, which cost more
 * than the writing itself for a chat line.
 */
final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    static byte[] write(JsonFactory factory, Envelope e) {
        // the factory's pooled buffers, as the object mapper uses them: a fresh builder allocates its own
        BufferRecycler buffers = factory._getBufferRecycler();
        try (ByteArrayBuilder out = new ByteArrayBuilder(buffers)) {
            try (JsonGenerator g = factory.createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("v", WireFormat.VERSION);
                g.writeStringField("type", WireFormat.typeName(e.type()));
                g.writeStringField("id", e.senderId());
                g.writeStringField("handle", e.handle());
                g.writeStringField("room", e.room());
                g.writeNumberField("seq", e.sequence());
                g.writeNumberField("ts", e.timestamp());
                g.writeStringField("content", e.content());
                extras(g, e.extras());
                g.writeEndObject();
            }
            byte[] bytes = out.getClearAndRelease();
            buffers.releaseToPool();
            return bytes;
        } catch (IOException impossible) {
            throw new IllegalStateException("writing to memory failed", impossible);
        }
    }

    private static void extras(JsonGenerator g, Extras x) throws IOException {
        if (x.fragment() != null) {
            g.writeArrayFieldStart("frag");
            g.writeNumber(x.fragment().index());
            g.writeNumber(x.fragment().count());
            g.writeEndArray();
        }
        if (x.replay()) {
            g.writeBooleanField("replay", true);
        }
        if (!x.addresses().isEmpty()) {
            g.writeArrayFieldStart("addrs");
            for (String address : x.addresses()) {
                g.writeString(address);
            }
            g.writeEndArray();
        }
        if (!x.rooms().isEmpty()) {
            g.writeObjectFieldStart("rooms");
            for (Map.Entry<String, Long> room : x.rooms().entrySet()) {
                g.writeNumberField(room.getKey(), room.getValue());
            }
            g.writeEndObject();
        }
        if (!x.of().isEmpty()) {
            g.writeStringField("of", x.of());
        }
        if (!x.missing().isEmpty()) {
            g.writeArrayFieldStart("missing");
            for (Range r : x.missing()) {
                g.writeStartArray();
                g.writeNumber(r.from());
                g.writeNumber(r.to());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
    }
}
