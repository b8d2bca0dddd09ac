package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.FOREIGN;
import static org.huddle.codec.json.internal.DatagramMapper.invalid;
import static org.huddle.codec.json.internal.DatagramMapper.text;

import java.nio.ByteBuffer;

import com.fasterxml.jackson.databind.JsonNode;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.osgi.service.component.annotations.Component;

/**
 * backchannel's wire (seeds 000/001): {@code {"client_id": ..., "handle": ..., "content": ...}} per datagram,
 * nothing else. Described in {@code docs/protocol.md}, "backchannel wire".
 */
@Component(property = MessageCodec.FORMAT + "=" + MessageCodec.BACKCHANNEL_FORMAT)
public final class BackchannelCodec implements MessageCodec {

    /** backchannel clients read with {@code recvfrom(1024)}: a longer datagram is cut and kills their reader. */
    static final int MAX_SENT = 1024;

    /**
     * What Huddle reads: a backchannel client itself sends whatever its user types, so more than it can read
     * arrives and is worth showing.
     */
    static final int MAX_READ = 8192;

    static final int MAX_CLIENT_ID = 64;

    static final int MAX_HANDLE = 64;

    private static final String[] KEYS = { "client_id", "handle", "content" };

    private final DatagramMapper mapper = new DatagramMapper(MAX_READ);

    @Override
    public String format() {
        return BACKCHANNEL_FORMAT;
    }

    @Override
    public int maxDatagram() {
        return MAX_SENT;
    }

    /**
     * @throws IllegalArgumentException for anything but a chat message, and when the datagram would be longer
     *                                  than {@value #MAX_SENT} bytes (the caller splits the text and tries again)
     */
    @Override
    public ByteBuffer encode(Envelope e) {
        if (e.type() != Envelope.Type.MESSAGE) {
            throw new IllegalArgumentException("backchannel carries only chat messages");
        }
        return mapper.write(new BackchannelMessage(e.senderId(), e.handle(), e.content()), MAX_SENT);
    }

    @Override
    public Envelope decode(ByteBuffer datagram) throws MalformedDatagramException {
        JsonNode root = mapper.read(datagram);
        if (!root.isObject()) {
            throw new MalformedDatagramException(FOREIGN, "a JSON " + root.getNodeType() + ", not a backchannel object");
        }
        for (String key : KEYS) {
            if (!root.has(key)) {
                throw new MalformedDatagramException(FOREIGN, "not a backchannel message (no \"" + key + "\")");
            }
        }
        String clientId = text(root, "client_id");
        if (!WireText.hasLength(clientId, MAX_CLIENT_ID)) {
            throw invalid("client_id", "is not 1 to " + MAX_CLIENT_ID + " characters");
        }
        String handle = text(root, "handle");
        if (!WireText.isName(handle, MAX_HANDLE)) {
            throw invalid("handle", "is not 1 to " + MAX_HANDLE + " characters without control characters");
        }
        return new Envelope(Envelope.Type.MESSAGE, clientId, handle, "", 0, 0, text(root, "content"));
    }
}
