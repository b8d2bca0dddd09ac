package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.provider.EnumSource;

class BackchannelCodecTest {

    private final BackchannelCodec codec = new BackchannelCodec();

    private static Envelope message(String content) {
        return new Envelope(Envelope.Type.MESSAGE, "a1b2c3d4e5", "alice", "", 0, 0, content);
    }

    @Test
    void speaksTheBackchannelFormatWithinItsReadBuffer() {
        assertEquals(MessageCodec.BACKCHANNEL_FORMAT, codec.format());
        assertEquals(1024, codec.maxDatagram());
    }

    @Test
    void writesExactlyTheThreeKeysOfABackchannelClientInItsOrder() {
        String json = StandardCharsets.UTF_8.decode(codec.encode(message("hi \"you\""))).toString();
        assertEquals("{\"client_id\":\"a1b2c3d4e5\",\"handle\":\"alice\",\"content\":\"hi \\\"you\\\"\"}", json);
    }

    @Test
    void roundTripKeepsWhatTheWireCarries() throws Exception {
        Envelope e = message("caf\u00e9 \ud83d\ude00 \\ \n");
        assertEquals(e, codec.decode(codec.encode(e)));
    }

    @Test
    void readsWhatRubysToJsonWritesAndIgnoresExtraKeys() throws Exception {
        assertEquals(new Envelope(Envelope.Type.MESSAGE, "0f1e2d3c4b", "jp", "", 0, 0, "hello"),
                decode("{\"client_id\":\"0f1e2d3c4b\",\"handle\":\"jp\",\"content\":\"hello\"}"));
        assertEquals(new Envelope(Envelope.Type.MESSAGE, "x", "jp", "", 0, 0, ""),
                decode(" { \"content\" : \"\", \"mood\": [1], \"handle\": \"jp\", \"client_id\": \"x\" } "));
    }

    @ParameterizedTest
    @EnumSource(value = Envelope.Type.class, names = "MESSAGE", mode = EnumSource.Mode.EXCLUDE)
    void refusesEverythingButChatMessages(Envelope.Type type) {
        Envelope other = new Envelope(type, "a1b2c3d4e5", "alice", "", 1, 0, "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(other));
        assertEquals("backchannel carries only chat messages", e.getMessage());
    }

    @Test
    void theLimitIsExactInUtf8Bytes() {
        int room = 1024 - codec.encode(message("")).remaining();
        assertEquals(1024, codec.encode(message("y".repeat(room))).remaining());
        assertEquals(1024, codec.encode(message("y".repeat(room - 2) + "\u00e9")).remaining());
        // One character of two bytes where one byte is left: refused, not cut or escaped away.
        String oneByteOver = "y".repeat(room - 1) + "\u00e9";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encode(message(oneByteOver)));
        assertTrue(e.getMessage().contains("1025 bytes") && e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void readsWhatABackchannelClientSendsBeyondWhatItCanReadItself() throws Exception {
        String head = "{\"client_id\":\"c\",\"handle\":\"h\",\"content\":\"";
        String content = "z".repeat(8192 - head.length() - 2);
        assertEquals(content, decode(head + content + "\"}").content());
        assertEquals(Reason.OVERSIZED, reasonFor(head + content + "z\"}"));
    }

    @Test
    void namesMayBeLongerThanHuddleHandlesButNotUnbounded() throws Exception {
        String handle = "\ud83d\ude00".repeat(64);
        assertEquals(handle, decode("{\"client_id\":\"" + "c".repeat(64) + "\",\"handle\":\"" + handle
                + "\",\"content\":\"\"}").handle());
        assertEquals(Reason.INVALID_FIELD, reasonFor("{\"client_id\":\"c\",\"handle\":\"" + "h".repeat(65)
                + "\",\"content\":\"\"}"));
        assertEquals(Reason.INVALID_FIELD, reasonFor("{\"client_id\":\"" + "c".repeat(65)
                + "\",\"handle\":\"h\",\"content\":\"\"}"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            NOT_JSON      | hello
            NOT_JSON      | {"client_id":"c","handle":"h","content":"x"
            NOT_JSON      | {"client_id":"c","handle":"h","content":"x"} {}
            NOT_JSON      | {"client_id":"c","client_id":"d","handle":"h","content":"x"}
            TOO_DEEP      | {"client_id":"c","handle":"h","content":[[[[[[[[[1]]]]]]]]]}
            FOREIGN       | [1,2,3]
            FOREIGN       | "hello"
            FOREIGN       | 42
            FOREIGN       | null
            FOREIGN       | {"username":"test"}
            FOREIGN       | {"client_id":"c","handle":"h"}
            FOREIGN       | {"handle":"h","content":"x"}
            FOREIGN       | {"client_id":"c","content":"x"}
            FOREIGN       | {"v":1,"type":"msg","id":"0123456789abcdef","handle":"a","room":"r","seq":1,"ts":1,"content":"c"}
            INVALID_FIELD | {"client_id":7,"handle":"h","content":"x"}
            INVALID_FIELD | {"client_id":"","handle":"h","content":"x"}
            INVALID_FIELD | {"client_id":"c","handle":null,"content":"x"}
            INVALID_FIELD | {"client_id":"c","handle":"","content":"x"}
            INVALID_FIELD | {"client_id":"c","handle":"bell\\u0007","content":"x"}
            INVALID_FIELD | {"client_id":"c","handle":"two\\nlines","content":"x"}
            INVALID_FIELD | {"client_id":"c","handle":"h","content":3}
            INVALID_FIELD | {"client_id":"c","handle":"h","content":{"text":"x"}}
            """)
    void refusesWhatItCannotShowWithTheReason(Reason reason, String datagram) {
        assertEquals(reason, reasonFor(datagram));
    }

    @Test
    void refusesEmptyDatagramsAndBadUtf8() {
        assertEquals(Reason.EMPTY, assertThrows(MalformedDatagramException.class,
                () -> codec.decode(ByteBuffer.allocate(0))).reason());
        byte[] latin1 = "{\"client_id\":\"c\",\"handle\":\"h\",\"content\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Reason.BAD_UTF8, assertThrows(MalformedDatagramException.class,
                () -> codec.decode(ByteBuffer.wrap(latin1))).reason());
    }

    private Reason reasonFor(String datagram) {
        return assertThrows(MalformedDatagramException.class, () -> decode(datagram)).reason();
    }

    private Envelope decode(String json) throws MalformedDatagramException {
        return codec.decode(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }
}
