package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link Utf8Check} must say what Java's strict decoder says, and at the same byte. */
class Utf8CheckTest {

    private static int byDecoder(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
        return result.isError() ? in.position() : -1;
    }

    private static void same(byte[] bytes) {
        assertEquals(byDecoder(bytes), Utf8Check.firstMalformed(bytes, 0, bytes.length), () -> hex(bytes));
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x ", b & 0xff));
        }
        return s.toString();
    }

    @Test
    void everyOneTwoAndThreeByteSequenceAfterAPrefix() {
        for (int a = 0; a < 256; a++) {
            same(new byte[] { 'x', (byte) a });
            for (int b = 0; b < 256; b++) {
                same(new byte[] { 'x', (byte) a, (byte) b });
                if (a >= 0xe0) {
                    for (int c : new int[] { 0x00, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xff }) {
                        same(new byte[] { (byte) a, (byte) b, (byte) c });
                        same(new byte[] { (byte) a, (byte) b, (byte) c, (byte) 0x80 });
                        same(new byte[] { (byte) a, (byte) b, (byte) c, (byte) 0xbf, 'y' });
                    }
                }
            }
        }
    }

    @Test
    void randomBytesMostlyHighAndValidTextCutAnywhere() {
        Random random = new Random(Long.getLong("huddle.fuzz.seed", 4844L));
        for (int i = 0; i < 100_000; i++) {
            byte[] bytes = new byte[1 + random.nextInt(12)];
            for (int k = 0; k < bytes.length; k++) {
                bytes[k] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(128) : random.nextInt(256));
            }
            same(bytes);
        }
        byte[] text = "a\u00e9\u20ac\ud83d\ude00\uffff\u0800\u07ff\udbff\udfff".getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            byte[] part = new byte[cut];
            System.arraycopy(text, 0, part, 0, cut);
            same(part);
        }
    }

    @Test
    void aWindowOfALargerArrayIsCheckedOnItsOwn() {
        byte[] bytes = { (byte) 0xff, 'o', 'k', (byte) 0xc3, (byte) 0xa9, (byte) 0xff };
        assertEquals(-1, Utf8Check.firstMalformed(bytes, 1, 5));
        assertEquals(5, Utf8Check.firstMalformed(bytes, 1, 6));
        assertEquals(3, Utf8Check.firstMalformed(bytes, 1, 4), "cut inside a sequence");
    }
}
