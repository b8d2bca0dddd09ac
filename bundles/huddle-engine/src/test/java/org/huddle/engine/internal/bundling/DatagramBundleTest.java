package org.huddle.engine.internal.bundling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;

/** The bundle frame: what {@link DatagramBundle#pack} packs, {@link DatagramBundle#split} gives back, and what each refuses. */
class DatagramBundleTest {

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    private static Reason refusal(int... bytes) {
        byte[] bundle = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            bundle[i] = (byte) bytes[i];
        }
        return refusal(bundle);
    }

    private static Reason refusal(byte[] bundle) {
        return assertThrows(MalformedDatagramException.class, () -> DatagramBundle.split(ByteBuffer.wrap(bundle)))
                .reason();
    }

    @Test
    void packedPartsComeBackWholeAndInOrder() throws Exception {
        List<ByteBuffer> parts = List.of(text("{\"a\":1}"), text("{\"b\":22}"), text("x"));
        ByteBuffer bundle = DatagramBundle.pack(parts);
        assertEquals(DatagramBundle.size(7 + 8 + 1, 3), bundle.remaining());
        assertTrue(DatagramBundle.isBundle(bundle));
        assertEquals(List.of("{\"a\":1}", "{\"b\":22}", "x"), DatagramBundle.split(bundle).stream()
                .map(DatagramBundleTest::text).toList());
        assertEquals(0, bundle.position(), "split leaves the bundle as it was");
        parts.forEach(p -> assertEquals(0, p.position(), "pack leaves its parts as they were"));
    }

    @Test
    void aBundleOfExactlyTheDatagramLimitRoundTrips() throws Exception {
        int each = (MessageCodec.MAX_DATAGRAM - DatagramBundle.size(0, 2)) / 2;
        ByteBuffer first = ByteBuffer.allocate(each);
        ByteBuffer second = ByteBuffer.allocate(MessageCodec.MAX_DATAGRAM - DatagramBundle.size(each, 2));
        ByteBuffer bundle = DatagramBundle.pack(List.of(first, second));
        assertEquals(MessageCodec.MAX_DATAGRAM, bundle.remaining());
        List<ByteBuffer> parts = DatagramBundle.split(bundle);
        assertEquals(List.of(first.remaining(), second.remaining()), parts.stream().map(ByteBuffer::remaining).toList());
    }

    @Test
    void packRefusesFewerThanTwoPartsAnEmptyOneAndTooManyBytes() {
        assertThrows(IllegalArgumentException.class, () -> DatagramBundle.pack(List.of(text("alone"))));
        assertThrows(IllegalArgumentException.class, () -> DatagramBundle.pack(List.of(text("a"), text(""))));
        List<ByteBuffer> tooMany = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tooMany.add(ByteBuffer.allocate(MessageCodec.MAX_DATAGRAM / 2));
        }
        assertThrows(IllegalArgumentException.class, () -> DatagramBundle.pack(tooMany));
    }

    @Test
    void onlyTheMagicMakesABundle() {
        assertFalse(DatagramBundle.isBundle(text("{\"v\":1}")));
        assertFalse(DatagramBundle.isBundle(text("HS")), "a sealed datagram");
        assertFalse(DatagramBundle.isBundle(text("H")));
        assertTrue(DatagramBundle.isBundle(text("HB")));
    }

    @Test
    void splitRefusesEveryMalformedBundleAsBadBundle() {
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B'), "no version");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 2, 0, 1, 'a', 0, 1, 'b'), "version 2");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 1, 0, 1, 'a'), "one part");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 1), "no part");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 1, 0, 1, 'a', 0, 0), "a part of no bytes");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 1, 0, 1, 'a', 0, 2, 'b'), "a part cut off");
        assertEquals(Reason.BAD_BUNDLE, refusal('H', 'B', 1, 0, 1, 'a', 0), "cut off in a length");
        assertEquals(Reason.BAD_BUNDLE, refusal('X', 'B', 1, 0, 1, 'a', 0, 1, 'b'), "not a bundle");
        byte[] huge = new byte[MessageCodec.MAX_DATAGRAM + 1];
        huge[0] = 'H';
        huge[1] = 'B';
        huge[2] = 1;
        assertEquals(Reason.OVERSIZED, refusal(huge));
    }
}
