package org.huddle.codec.json.internal;

import static org.huddle.api.transport.MalformedDatagramException.Reason.FOREIGN;
import static org.huddle.api.transport.MalformedDatagramException.Reason.NOT_JSON;
import static org.huddle.codec.json.internal.DatagramMapper.invalid;
import static org.huddle.codec.json.internal.DatagramMapper.text;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.osgi.service.component.annotations.Component;

/**
 * The discovery beacon of seed 004: {@code {"username": ...}}, and the plain-text name that the post's final
 * Node caster sends. Described in {@code docs/protocol.md}, "Discovery beacon".
 */
@Component(property = MessageCodec.FORMAT + "=" + MessageCodec.BEACON_FORMAT)
public final class BeaconCodec implements MessageCodec {

    /**
     * The post's Rust listener reads into a 120-byte buffer and panics on a UTF-8 sequence cut in half
     * ({@code String::from_utf8(...).unwrap()}), so nothing longer may go out.
     */
    static final int MAX_SENT = 120;

    static final int MAX_USERNAME = 64;

    /** Plain text is a guess at what a name is, so it is held shorter than a real {@code username}. */
    static final int MAX_PLAIN_NAME = 32;

    private final DatagramMapper mapper = new DatagramMapper(MAX_DATAGRAM);

    @Override
    public String format() {
        return BEACON_FORMAT;
    }

    @Override
    public int maxDatagram() {
        return MAX_SENT;
    }

    /**
     * Encodes a beacon. A handle too long for {@value #MAX_SENT} bytes is shortened, at a code point boundary,
     * rather than refused: a beacon is sent by a timer, with nobody to show an error to.
     *
     * @throws IllegalArgumentException for anything but a beacon
     */
    @Override
    public ByteBuffer encode(Envelope e) {
        if (e.type() != Envelope.Type.BEACON) {
            throw new IllegalArgumentException("the beacon wire carries only beacons, not " + e.type());
        }
        // Every code point takes at least one byte, so this cut loses nothing that could fit.
        String username = WireText.prefix(e.handle(), MAX_SENT);
        byte[] bytes = mapper.write(new BeaconMessage(username));
        while (bytes.length > MAX_SENT) {
            username = username.substring(0, username.offsetByCodePoints(username.length(), -1));
            bytes = mapper.write(new BeaconMessage(username));
        }
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public Envelope decode(ByteBuffer datagram) throws MalformedDatagramException {
        JsonNode root;
        try {
            root = mapper.read(datagram);
        } catch (MalformedDatagramException notJson) {
            if (notJson.reason() != NOT_JSON) {
                throw notJson;
            }
            return plainName(datagram, notJson);
        }
        if (!root.isObject() || !root.has("username")) {
            throw new MalformedDatagramException(FOREIGN, "not a beacon (no \"username\")");
        }
        String username = text(root, "username").strip();
        if (!WireText.isName(username, MAX_USERNAME)) {
            throw invalid("username", "is not 1 to " + MAX_USERNAME + " characters without control characters");
        }
        return beacon(username);
    }

    /**
     * The final Node caster of seed 004 sends {@code TEST}, not JSON. Text that starts like JSON was meant to be
     * JSON and stays refused, so a broken beacon never shows up as a peer named after its own JSON.
     */
    private static Envelope plainName(ByteBuffer datagram, MalformedDatagramException notJson)
            throws MalformedDatagramException {
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().decode(datagram.duplicate()).toString().strip();
        } catch (CharacterCodingException e) {
            throw notJson;
        }
        if (name.startsWith("{") || name.startsWith("[") || !WireText.isName(name, MAX_PLAIN_NAME)) {
            throw new MalformedDatagramException(NOT_JSON,
                    "neither a JSON beacon nor a plain name of 1 to " + MAX_PLAIN_NAME + " characters", notJson);
        }
        return beacon(name);
    }

    private static Envelope beacon(String username) {
        return new Envelope(Envelope.Type.BEACON, "", username, "", 0, 0, "");
    }
}
