package org.huddle.codec.json.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;

/**
 * The JSON object of one datagram, field for field as in {@code docs/protocol.md}. Only for writing:
 * reading goes through a tree so that each defect can be told apart. The fields after {@code content} are
 * written only when set ({@code null} here), so a datagram without extras is exactly as before 1.2.
 */
@JsonPropertyOrder({ "v", "type", "id", "handle", "room", "seq", "ts", "content",
        "frag", "replay", "addrs", "rooms", "of", "missing" })
@JsonInclude(JsonInclude.Include.NON_NULL)
record WireMessage(int v, String type, String id, String handle, String room, long seq, long ts, String content,
        int[] frag, Boolean replay, List<String> addrs, Map<String, Long> rooms, String of, List<long[]> missing) {

    /** @return the envelope's fields with its extras */
    static WireMessage of(Envelope e) {
        Extras x = e.extras();
        return new WireMessage(WireFormat.VERSION, WireFormat.typeName(e.type()), e.senderId(), e.handle(), e.room(),
                e.sequence(), e.timestamp(), e.content(),
                x.fragment() == null ? null : new int[] { x.fragment().index(), x.fragment().count() },
                x.replay() ? Boolean.TRUE : null,
                x.addresses().isEmpty() ? null : x.addresses(),
                x.rooms().isEmpty() ? null : x.rooms(),
                x.of().isEmpty() ? null : x.of(),
                x.missing().isEmpty() ? null
                        : x.missing().stream().map(r -> new long[] { r.from(), r.to() }).toList());
    }

    /** @return the envelope's fields, leaving out its extras */
    static WireMessage withoutExtras(Envelope e) {
        return new WireMessage(WireFormat.VERSION, WireFormat.typeName(e.type()), e.senderId(), e.handle(), e.room(),
                e.sequence(), e.timestamp(), e.content(), null, null, null, null, null, null);
    }
}
