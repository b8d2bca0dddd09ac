package org.huddle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void aStampedBufferParsesBackAtEverySize() {
        for (int size : new int[] { 1, Payload.HEADER, 80, 1024, 8192 }) {
            byte[] buf = Payload.buffer(size);
            assertEquals(Math.max(size, Payload.HEADER), buf.length);
            Payload.stamp(buf, 7, 123_456L, 987_654_321_012L);
            assertEquals(new Payload.Stamp(7, 123_456L, 987_654_321_012L), Payload.parse(buf, 0, buf.length));
        }
    }

    @Test
    void restampingTheSameBufferLeavesNoDigitsOfTheLastStampBehind() {
        byte[] buf = Payload.buffer(80);
        Payload.stamp(buf, 999, 9_999_999_999L, Long.MAX_VALUE);
        Payload.stamp(buf, 1, 2, 3);
        assertEquals(new Payload.Stamp(1, 2, 3), Payload.parse(buf, 0, buf.length));
        assertEquals('x', buf[79]);
    }

    @Test
    void aPayloadInsideALargerBufferParsesAtItsOffset() {
        byte[] buf = Payload.buffer(100);
        Payload.stamp(buf, 5, 6, 7);
        byte[] framed = new byte[buf.length + 10];
        System.arraycopy(buf, 0, framed, 10, buf.length);
        assertEquals(new Payload.Stamp(5, 6, 7), Payload.parse(framed, 10, buf.length));
    }

    @Test
    void somethingElseIsNotAPayload() {
        byte[] text = "hello, this is a chat message that is not from the benchmark".getBytes(StandardCharsets.US_ASCII);
        assertNull(Payload.parse(text, 0, text.length));
        byte[] buf = Payload.buffer(80);
        Payload.stamp(buf, 1, 2, 3);
        assertNull(Payload.parse(buf, 0, Payload.HEADER - 1), "cut short");
        buf[Payload.ROUND_DIGITS] = '-';
        assertNull(Payload.parse(buf, 0, buf.length), "no separator");
    }
}
