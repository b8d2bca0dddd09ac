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
 * One line of a room's history file ({@code docs/storage.md}): the JSON object of a chat message on Huddle's
 * wire, field for field, without a newline. The datagram's limits are for the network, not for a file, so
 * the line keeps what the engine keeps: messages of other wires (backchannel's {@code client_id}s and longer
 * handles, no sequence number) and text longer than one datagram. The extras of 1.2 ({@code frag},
 * {@code replay}) are not written, and ignored when read.
 */
@Component(property = MessageCodec.FORMAT + "=" + HistoryLineCodec.FORMAT)
public final class HistoryLineCodec implements MessageCodec {

    /** {@link MessageCodec#FORMAT} of history lines; the engine asks for it by this value. */
    public static final String FORMAT = "huddle-history/1";

    /**
     * The longest line, in bytes: 64 KiB of text (the most a reassembled message may carry) even if every
     * character needs a six-byte escape, and the other fields. It also bounds what a damaged file can make
     * a reader hold.
     */
    static final int MAX_LINE = 512 * 1024;

    /** As long as the longest name any wire the engine speaks allows (backchannel's). */
    static final int MAX_SENDER_ID = BackchannelCodec.MAX_CLIENT_ID;

    static final int MAX_HANDLE = BackchannelCodec.MAX_HANDLE;

    private final DatagramMapper mapper = new DatagramMapper(MAX_LINE);

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public int maxDatagram() {
        return MAX_LINE;
    }

    /**
     * @throws IllegalArgumentException for anything but a chat message, or a line longer than
     *                                  {@value #MAX_LINE} bytes
     */
    @Override
    public ByteBuffer encode(Envelope e) {
        if (e.type() != Envelope.Type.MESSAGE) {
            throw new IllegalArgumentException("history keeps only chat messages, not " + e.type());
        }
        // A line keeps the message, not how it travelled: parts are joined and a replayed message is a message
        // like any other by the time it is kept, so frag and replay are left out.
        return mapper.write(WireMessage.withoutExtras(e), MAX_LINE);
    }

    @Override
    public Envelope decode(ByteBuffer line) throws MalformedDatagramException {
        JsonNode root = mapper.read(line);
        if (!root.isObject() || !root.has("v")) {
            throw new MalformedDatagramException(FOREIGN, "not a Huddle message (no \"v\" field)");
        }
        JsonNode v = root.get("v");
        if (!v.isIntegralNumber() || v.asLong() != WireFormat.VERSION) {
            throw new MalformedDatagramException(UNSUPPORTED_VERSION, "version " + v + ", this node reads " + WireFormat.VERSION);
        }
        String typeName = text(root, "type");
        if (WireFormat.type(typeName) != Envelope.Type.MESSAGE) {
            throw new MalformedDatagramException(UNKNOWN_TYPE, "type \"" + typeName + "\" is not a chat message");
        }
        String id = text(root, "id");
        if (!WireText.hasLength(id, MAX_SENDER_ID)) {
            throw invalid("id", "is not 1 to " + MAX_SENDER_ID + " characters");
        }
        String handle = text(root, "handle");
        if (!WireText.isName(handle, MAX_HANDLE)) {
            throw invalid("handle", "is not 1 to " + MAX_HANDLE + " characters without control characters");
        }
        String room = text(root, "room");
        if (!Names.isRoom(room)) {
            throw invalid("room", "is not a valid room name");
        }
        // 0 is the sequence of wires that have none (backchannel).
        long seq = number(root, "seq");
        long ts = number(root, "ts");
        return new Envelope(Envelope.Type.MESSAGE, id, handle, room, seq, ts, text(root, "content"));
    }

    private static long number(JsonNode root, String field) throws MalformedDatagramException {
        JsonNode node = root.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw invalid(field, node == null ? "is missing" : "is not an integer");
        }
        if (node.longValue() < 0) {
            throw invalid(field, "must not be negative");
        }
        return node.longValue();
    }
}
