package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input built to cost a parser time or memory, or to confuse what reads it later, is refused before it costs
 * anything, and every codec counts it under the same reason: {@code chat:stats} then tells an attack (deep,
 * long, bad UTF-8) from a neighbour's traffic ({@code not-json}, {@code foreign}).
 */
class HostileInputTest {

    static Stream<MessageCodec> codecs() {
        return Stream.of(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec(), new HistoryLineCodec());
    }

    /** Each hostile datagram, with the reason every codec gives it. */
    static Stream<Arguments> hostile() {
        String digits33 = "123456789012345678901234567890123";
        return codecs().flatMap(codec -> Stream.of(
                Arguments.of(codec, Reason.TOO_DEEP, ascii("[[[[[[[[[1]]]]]]]]]")),
                Arguments.of(codec, Reason.TOO_DEEP,
                        ascii("{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":1}}}}}}}}}")),
                Arguments.of(codec, Reason.TOO_DEEP, ascii("[".repeat(1000))),
                Arguments.of(codec, Reason.TOO_LONG, ascii(digits33)),
                Arguments.of(codec, Reason.TOO_LONG, ascii("{\"handle\":\"h\",\"content\":\"c\",\"n\":" + digits33 + "}")),
                Arguments.of(codec, Reason.TOO_LONG, ascii("{\"n\":0." + digits33 + "}")),
                Arguments.of(codec, Reason.TOO_LONG, ascii("{\"n\":-" + digits33 + "e5}")),
                // a lone continuation byte, a sequence cut off, and bytes UTF-8 never uses
                Arguments.of(codec, Reason.BAD_UTF8, inString(0x80)),
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xc3)),
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xff)),
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xfe)),
                // overlong forms of '/' (which slipped past decoders as "../" in the past)
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xc0, 0xaf)),
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xe0, 0x80, 0xaf)),
                // a UTF-16 surrogate encoded on its own (CESU-8), and a code point beyond U+10FFFF
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xed, 0xa0, 0x80)),
                Arguments.of(codec, Reason.BAD_UTF8, inString(0xf4, 0x90, 0x80, 0x80)),
                // Latin-1 where UTF-8 belongs, and outside any string
                Arguments.of(codec, Reason.BAD_UTF8, "{\"content\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)),
                Arguments.of(codec, Reason.BAD_UTF8, bytes(0xff, 0xfe, '{', '}')),
                Arguments.of(codec, Reason.BAD_UTF8, bytes('T', 'E', 'S', 'T', 0xe9))));
    }

    @ParameterizedTest(name = "{0}: {1} for {2}")
    @MethodSource("hostile")
    void everyCodecRefusesHostileInputWithTheSameReason(MessageCodec codec, Reason reason, byte[] datagram) {
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> codec.decode(ByteBuffer.wrap(datagram)));
        assertEquals(reason, e.reason(), codec.format() + " on " + HexFormat.of().formatHex(datagram) + ": "
                + e.getMessage());
    }

    @Test
    void aStringOrFieldNameOverItsLimitIsTooLong() throws MalformedDatagramException {
        DatagramMapper mapper = new DatagramMapper(100, 10);
        assertEquals("0123456789", mapper.read(ByteBuffer.wrap(ascii("{\"x\":\"0123456789\"}"))).get("x").textValue());
        assertEquals(Reason.TOO_LONG, reasonFor(mapper, "{\"x\":\"0123456789a\"}"));
        assertEquals(Reason.TOO_LONG, reasonFor(mapper, "{\"0123456789a\":1}"));
        // counted in characters after unescaping, not in bytes
        assertEquals(Reason.TOO_LONG, reasonFor(mapper, "{\"x\":\"" + "\\u0041".repeat(11) + "\"}"));
    }

    @Test
    void validUtf8OfEveryLengthIsNotRefused() throws MalformedDatagramException {
        // one, two, three and four bytes, and the highest code point; a lone surrogate escaped in JSON is not
        // a UTF-8 matter (the console shows it escaped)
        String text = "a\u00e9\u20ac\ud83d\ude00\udbff\udfff";
        DatagramMapper mapper = new DatagramMapper(100);
        assertEquals(text, mapper.read(ByteBuffer.wrap(("\"" + text + "\"").getBytes(StandardCharsets.UTF_8))).textValue());
        assertEquals("\ud800", mapper.read(ByteBuffer.wrap(ascii("\"\\ud800\""))).textValue());
    }

    @Test
    void theReasonSaysWhereTheBadByteIs() {
        MalformedDatagramException e = assertThrows(MalformedDatagramException.class,
                () -> new DatagramMapper(100).read(ByteBuffer.wrap(inString(0xff)).position(0)));
        assertTrue(e.getMessage().contains("at byte 7"), e.getMessage());
    }

    private static Reason reasonFor(DatagramMapper mapper, String json) {
        return assertThrows(MalformedDatagramException.class, () -> mapper.read(ByteBuffer.wrap(ascii(json)))).reason();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return {@code {"x":"a<bytes>b"}}, whose only fault is the bytes */
    private static byte[] inString(int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("{\"x\":\"a"));
        out.writeBytes(bytes(raw));
        out.writeBytes(ascii("b\"}"));
        return out.toByteArray();
    }

    private static byte[] bytes(int... raw) {
        byte[] b = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            b[i] = (byte) raw[i];
        }
        return b;
    }
}
