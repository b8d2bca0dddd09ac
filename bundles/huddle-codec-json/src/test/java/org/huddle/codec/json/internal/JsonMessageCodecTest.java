package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonMessageCodecTest {

    private static final String ID = "0123456789abcdef";

    private final JsonMessageCodec codec = new JsonMessageCodec();

    private static Envelope envelope(String content) {
        return new Envelope(Envelope.Type.MESSAGE, ID, "alice", "lobby", 7, 1_700_000_000_000L, content);
    }

    @Test
    void roundTripKeepsEveryField() throws Exception {
        Envelope e = envelope("hello \"world\" \u00e9\u00e8 \ud83d\ude00 \\ \n");
        assertEquals(e, codec.decode(codec.encode(e)));
    }

    @ParameterizedTest(name = "{0} in room \"{1}\" with probe number {2}")
    @CsvSource(textBlock = """
            PING, lobby, 0
            PING, '',    1
            PONG, lobby, 9223372036854775807
            PONG, '',    0
            """)
    void probesRoundTripWithTheirRoomAndNumber(Envelope.Type type, String room, long number) throws Exception {
        Envelope probe = new Envelope(type, ID, "bob", room, number, 1_700_000_000_000L, "bob in lobby");
        assertEquals(probe, codec.decode(codec.encode(probe)));
    }

    @Test
    void writesProbesInTheLayoutOfMessages() {
        Envelope ping = new Envelope(Envelope.Type.PING, ID, "alice", "", 3, 5, "who is here?");
        assertEquals("{\"v\":1,\"type\":\"ping\",\"id\":\"" + ID + "\",\"handle\":\"alice\",\"room\":\"\","
                + "\"seq\":3,\"ts\":5,\"content\":\"who is here?\"}",
                StandardCharsets.UTF_8.decode(codec.encode(ping)).toString());
    }

    @Test
    void refusesToEncodeABeacon() {
        Envelope beacon = new Envelope(Envelope.Type.BEACON, "", "alice", "", 0, 0, "");
        assertThrows(IllegalArgumentException.class, () -> codec.encode(beacon));
    }

    @Test
    void aMissingTypeNameIsUnknownNotACrash() {
        assertNull(WireFormat.type(null));
    }

    @Test
    void writesTheDocumentedLayout() {
        String json = StandardCharsets.UTF_8.decode(codec.encode(envelope("hi"))).toString();
        assertEquals("{\"v\":1,\"type\":\"msg\",\"id\":\"" + ID + "\",\"handle\":\"alice\",\"room\":\"lobby\","
                + "\"seq\":7,\"ts\":1700000000000,\"content\":\"hi\"}", json);
    }

    @Test
    void readsFieldsInAnyOrderAndIgnoresUnknownOnes() throws Exception {
        Envelope e = decode("{\"content\":\"hi\",\"ts\":5,\"seq\":1,\"room\":\"r\",\"handle\":\"bob\",\"id\":\"" + ID
                + "\",\"type\":\"msg\",\"v\":1,\"future\":{\"x\":[1,2]}}");
        assertEquals(new Envelope(Envelope.Type.MESSAGE, ID, "bob", "r", 1, 5, "hi"), e);
    }

    @Test
    void decodesFromTheBufferPositionOnly() throws Exception {
        byte[] json = codec.encode(envelope("x")).array();
        ByteBuffer framed = ByteBuffer.allocate(json.length + 10);
        framed.put(new byte[5]).put(json).put(new byte[5]).flip().position(5).limit(5 + json.length);
        assertEquals("x", codec.decode(framed.slice()).content());
        assertEquals("x", codec.decode(framed).content());
    }

    @Test
    void refusesToEncodeMoreThanOneDatagram() {
        assertThrows(IllegalArgumentException.class, () -> codec.encode(envelope("x".repeat(MessageCodec.MAX_DATAGRAM))));
    }

    @Test
    void theLongestContentThatFitsEncodesWithinTheLimit() {
        int overhead = codec.encode(envelope("")).remaining();
        ByteBuffer max = codec.encode(envelope("y".repeat(MessageCodec.MAX_DATAGRAM - overhead)));
        assertEquals(MessageCodec.MAX_DATAGRAM, max.remaining());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_JSON            | hello
            NOT_JSON            | {"v":1,"type":"msg"
            NOT_JSON            | {"v":1} trailing
            NOT_JSON            | {"v":1,"v":1}
            TOO_DEEP            | [[[[[[[[[[[[1]]]]]]]]]]]]
            TOO_DEEP            | {"v":1,"type":"msg","x":[[[[[[[[1]]]]]]]]}
            TOO_LONG            | {"v":1,"type":"msg","seq":123456789012345678901234567890123}
            TOO_LONG            | {"v":1,"type":"msg","ts":1.00000000000000000000000000000001}
            FOREIGN             | {"client_id":"abc","handle":"x","content":"hi"}
            FOREIGN             | {"username": "test"}
            FOREIGN             | [1,2,3]
            FOREIGN             | "just a string"
            FOREIGN             | 42
            UNSUPPORTED_VERSION | {"v":2,"type":"msg"}
            UNSUPPORTED_VERSION | {"v":"1","type":"msg"}
            UNSUPPORTED_VERSION | {"v":1.5}
            UNKNOWN_TYPE        | {"v":1,"type":"shout"}
            INVALID_FIELD       | {"v":1}
            INVALID_FIELD       | {"v":1,"type":"msg","handle":"a","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"XYZ","handle":"a","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"no spaces","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":0,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":"1","ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":-1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1,"content":3}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":99999999999999999999999,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":null,"id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"ping","id":"0123456789abcdef","handle":"a","room":"no spaces","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"pong","id":"0123456789abcdef","handle":"a","room":"","seq":-1,"ts":1,"content":"c"}
            INVALID_FIELD       | {"v":1,"type":"pong","id":"0123456789abcdef","handle":"a","room":"","seq":1,"ts":1}
            INVALID_FIELD       | {"v":1,"type":"ping","id":"0123456789abcdef","handle":"a","seq":1,"ts":1,"content":"c"}
            UNKNOWN_TYPE        | {"v":1,"type":"beacon","id":"0123456789abcdef","handle":"a","room":"","seq":1,"ts":1,"content":"c"}
            """)
    void refusesMalformedDatagramsWithTheirReason(Reason reason, String datagram) {
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class, () -> decode(datagram));
        assertEquals(reason, e.reason(), e.getMessage());
    }

    @Test
    void refusesEmptyOversizedAndInvalidUtf8() {
        assertEquals(Reason.EMPTY, reasonFor(new byte[0]));
        assertEquals(Reason.NOT_JSON, reasonFor(" \n ".getBytes(StandardCharsets.US_ASCII)));
        byte[] big = new byte[MessageCodec.MAX_DATAGRAM + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        assertEquals(Reason.OVERSIZED, reasonFor(big));
        byte[] badUtf8 = ("{\"v\":1,\"type\":\"msg\",\"id\":\"" + ID + "\",\"handle\":\"a\",\"room\":\"r\",\"seq\":1,"
                + "\"ts\":1,\"content\":\"\u00ff\"}").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Reason.BAD_UTF8, reasonFor(badUtf8));
    }

    @Test
    void nestingUpToTheLimitIsJsonAndAnUnknownFieldIsIgnored() throws Exception {
        // the object itself is the first level, so seven arrays in it make eight
        Envelope e = decode("{\"v\":1,\"type\":\"msg\",\"id\":\"" + ID + "\",\"handle\":\"a\",\"room\":\"r\",\"seq\":1,"
                + "\"ts\":1,\"content\":\"c\",\"later\":[[[[[[[1]]]]]]]}");
        assertEquals("c", e.content());
    }

    @Test
    void survivesEveryTruncationOfAGoodDatagram() {
        byte[] good = codec.encode(envelope("truncate me")).array();
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            Reason r = reasonFor(cut);
            assertTrue(r == Reason.EMPTY || r == Reason.NOT_JSON || r == Reason.FOREIGN, len + " bytes: " + r);
        }
    }

    private Reason reasonFor(byte[] bytes) {
        return assertThrows(MalformedDatagramException.class, () -> codec.decode(ByteBuffer.wrap(bytes))).reason();
    }

    private Envelope decode(String json) throws MalformedDatagramException {
        return codec.decode(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }
}
