package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class BeaconCodecTest {

    /** {@code {"username":""}}: what a beacon costs besides the name. */
    private static final int OVERHEAD = 15;

    private final BeaconCodec codec = new BeaconCodec();

    private static Envelope beacon(String handle) {
        return new Envelope(Envelope.Type.BEACON, "", handle, "", 0, 0, "");
    }

    @Test
    void speaksTheBeaconFormatWithinTheRustListenersBuffer() {
        assertEquals(MessageCodec.BEACON_FORMAT, codec.format());
        assertEquals(120, codec.maxDatagram());
    }

    @Test
    void writesTheBeaconOfTheNodeCaster() {
        assertEquals("{\"username\":\"hackerman1337\"}", text(codec.encode(beacon("hackerman1337"))));
    }

    @ParameterizedTest
    @EnumSource(value = Envelope.Type.class, names = "BEACON", mode = EnumSource.Mode.EXCLUDE)
    void refusesToEncodeAnythingButBeacons(Envelope.Type type) {
        Envelope other = new Envelope(type, "0123456789abcdef", "alice", "lobby", 1, 1, "x");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(other));
    }

    @Test
    void aHandleThatFitsIsSentWhole() {
        String longest = "a".repeat(120 - OVERHEAD);
        ByteBuffer datagram = codec.encode(beacon(longest));
        assertEquals("{\"username\":\"" + longest + "\"}", text(datagram));
    }

    @ParameterizedTest
    @ValueSource(strings = { "a", "\u00e9", "\u20ac", "\ud83d\ude00", "\u0001" })
    void aLongerHandleIsCutAtACodePointToTheLongestThatFits(String unit) throws IOException {
        String handle = unit.repeat(300);
        ByteBuffer datagram = codec.encode(beacon(handle));
        assertTrue(datagram.remaining() <= 120, datagram.remaining() + " bytes");
        // The Rust listener panics on invalid UTF-8, so the cut must leave whole characters only.
        String json = StandardCharsets.UTF_8.newDecoder().decode(datagram.duplicate()).toString();
        String sent = new ObjectMapper().readTree(json).get("username").textValue();
        assertTrue(!sent.isEmpty() && handle.startsWith(sent) && sent.length() % unit.length() == 0, sent);
        int unitBytes = codec.encode(beacon(unit + unit)).remaining() - codec.encode(beacon(unit)).remaining();
        assertTrue(datagram.remaining() + unitBytes > 120, "one more character would still have fitted");
    }

    @Test
    void readsTheCastersOfSeed004() throws Exception {
        assertEquals(beacon("hackerman1337"), decode("{\"username\":\"hackerman1337\"}"));
        assertEquals(beacon("test"), decode("{\"username\": \"test\"}"));
        assertEquals(beacon("TEST"), decode("TEST"));
    }

    @Test
    void trimsNamesAndIgnoresExtraKeys() throws Exception {
        assertEquals(beacon("bob smith"), decode("{\"port\":4000,\"username\":\"  bob smith \\n\",\"x\":{}}"));
        assertEquals(beacon("TEST"), decode("TEST\n"));
        assertEquals(beacon("caf\u00e9 \ud83d\ude00"), decode(" caf\u00e9 \ud83d\ude00 "));
    }

    @Test
    void namesAreBounded() throws Exception {
        assertEquals("u".repeat(64), decode("{\"username\":\"" + "u".repeat(64) + "\"}").handle());
        assertEquals(Reason.INVALID_FIELD, reasonFor("{\"username\":\"" + "u".repeat(65) + "\"}"));
        assertEquals("p".repeat(32), decode("p".repeat(32)).handle());
        assertEquals(Reason.NOT_JSON, reasonFor("p".repeat(33)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_JSON      | {"username":"x"
            NOT_JSON      | {"username":"x"} {}
            NOT_JSON      | {"username":"x","username":"y"}
            NOT_JSON      | [not json
            NOT_JSON      | {username: x}
            NOT_JSON      | tab\tinside
            FOREIGN       | "TEST"
            FOREIGN       | 42
            FOREIGN       | null
            FOREIGN       | [1,2]
            FOREIGN       | {"name":"x"}
            FOREIGN       | {"client_id":"c","handle":"h","content":"x"}
            INVALID_FIELD | {"username":""}
            INVALID_FIELD | {"username":"   "}
            INVALID_FIELD | {"username":5}
            INVALID_FIELD | {"username":null}
            INVALID_FIELD | {"username":"a\\u0007b"}
            """)
    void refusesEverythingElseWithTheReason(Reason reason, String datagram) {
        assertEquals(reason, reasonFor(datagram));
    }

    @Test
    void refusesEmptyOversizedAndInvalidUtf8() {
        assertEquals(Reason.EMPTY, reasonFor(new byte[0]));
        assertEquals(Reason.OVERSIZED, reasonFor(("{\"username\":\"x\",\"pad\":\"" + " ".repeat(MessageCodec.MAX_DATAGRAM)
                + "\"}").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Reason.BAD_UTF8, reasonFor("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Reason.BAD_UTF8, reasonFor(new byte[] { 'o', 'k', (byte) 0xf0, (byte) 0x9f }));
    }

    private static String text(ByteBuffer datagram) {
        return StandardCharsets.UTF_8.decode(datagram).toString();
    }

    private Reason reasonFor(String datagram) {
        return reasonFor(datagram.getBytes(StandardCharsets.UTF_8));
    }

    private Reason reasonFor(byte[] datagram) {
        return assertThrows(MalformedDatagramException.class, () -> codec.decode(ByteBuffer.wrap(datagram))).reason();
    }

    private Envelope decode(String datagram) throws MalformedDatagramException {
        return codec.decode(ByteBuffer.wrap(datagram.getBytes(StandardCharsets.UTF_8)));
    }
}
