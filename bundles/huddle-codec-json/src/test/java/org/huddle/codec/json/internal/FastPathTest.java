package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.Envelope.Extras;
import org.huddle.api.transport.Envelope.Range;
import org.huddle.api.transport.MalformedDatagramException;
import org.junit.jupiter.api.Test;

/**
 * The codec's fast paths ({@link EnvelopeReader}, {@link EnvelopeWriter}) against the tree and object-mapper
 * paths they replace: the reader may only answer where the tree path gives the same envelope, and the writer
 * must write the very bytes the mapper wrote.
 */
class FastPathTest {

    private static final long SEED = Long.getLong("huddle.fuzz.seed", 4844L);
    private final JsonMessageCodec codec = new JsonMessageCodec();
    private final DatagramMapper mapper = new DatagramMapper(JsonMessageCodec.MAX_DATAGRAM);

    private Envelope fast(byte[] bytes) {
        return EnvelopeReader.read(mapper.knownNamesFactory(), bytes, 0, bytes.length);
    }

    @Test
    void theReaderTakesEveryCommonDatagramOfHuddlesWireAndGivesWhatTheTreeGives() throws Exception {
        int taken = 0;
        for (byte[] sample : CodecFuzzTest.SAMPLES) {
            Envelope byTree;
            try {
                byTree = codec.decodeByTree(ByteBuffer.wrap(sample));
            } catch (MalformedDatagramException e) {
                assertEquals(null, fast(sample), "the reader took what the tree refuses: " + new String(sample, StandardCharsets.UTF_8));
                continue;
            }
            Envelope quick = fast(sample);
            if (byTree.type() != Envelope.Type.HELLO && byTree.type() != Envelope.Type.NACK
                    && byTree.type() != Envelope.Type.ACK) {
                assertNotNull(quick, "left to the tree: " + new String(sample, StandardCharsets.UTF_8));
                assertEquals(byTree, quick);
                taken++;
            }
        }
        assertEquals(5, taken, "msg twice, bye, history?, ping");
    }

    @Test
    void whateverTheReaderTakesOfMutatedDatagramsTheTreeTakesAlike() {
        Random random = new Random(SEED);
        int taken = 0;
        int rounds = 40_000;
        for (int i = 0; i < rounds; i++) {
            byte[] bytes = CodecFuzzTest.SAMPLES.get(random.nextInt(7));
            for (int m = random.nextInt(3); m >= 0; m--) {
                bytes = CodecFuzzTest.mutate(bytes, random);
            }
            ByteBuffer datagram = ByteBuffer.wrap(bytes);
            try {
                mapper.check(datagram);
            } catch (MalformedDatagramException e) {
                continue; // the reader is only asked about datagrams that passed the checks
            }
            Envelope quick = fast(bytes);
            if (quick == null) {
                continue;
            }
            taken++;
            try {
                assertEquals(codec.decodeByTree(datagram), quick, new String(bytes, StandardCharsets.UTF_8));
            } catch (MalformedDatagramException e) {
                fail("the reader took what the tree refuses (" + e.getMessage() + "): " + new String(bytes, StandardCharsets.UTF_8));
            }
        }
        System.out.printf("FastPathTest: seed %d, %d mutated datagrams, %d taken by the fast path%n", SEED, rounds, taken);
        assertTrue(taken >= 100, "some mutations keep a datagram valid, and those the reader takes: " + taken);
    }

    @Test
    void theWriterWritesTheMappersBytesForEveryTypeAndExtra() {
        Random random = new Random(SEED);
        List<Envelope> envelopes = new ArrayList<>();
        String[] texts = { "", "hi", "caf\u00e9 \ud83d\ude00", "quote \" backslash \\ tab \t nl \n", "\u0000\u001f\u007f",
            "lone \ud800 surrogate", "<script>alert(1)</script>", "\u202e reversed", "x".repeat(900) };
        for (String text : texts) {
            envelopes.add(new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "al\u00efce", "lobby", 1 + random.nextInt(1000),
                    System.currentTimeMillis(), text));
            envelopes.add(new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "bob", "#dev", 7, 1, text,
                    Extras.fragment(2, 5)));
            envelopes.add(new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "bob", "#dev", Long.MAX_VALUE, 0, text,
                    Extras.replayed()));
            envelopes.add(new Envelope(Envelope.Type.PING, "0123456789abcdef", "c", "", 0, 1, text));
        }
        Map<String, Long> rooms = new LinkedHashMap<>();
        rooms.put("lobby", 42L);
        rooms.put("#dev", 7L);
        envelopes.add(new Envelope(Envelope.Type.HELLO, "0123456789abcdef", "bob", "", 0, 1, "",
                Extras.hello(List.of("10.0.0.7", "fe80::1%eth0"), rooms)));
        envelopes.add(new Envelope(Envelope.Type.NACK, "0123456789abcdef", "a", "lobby", 0, 1, "",
                Extras.nack("fedcba9876543210", List.of(new Range(17, 19), new Range(23, 23)))));
        envelopes.add(new Envelope(Envelope.Type.ACK, "0123456789abcdef", "a", "lobby", 1042, 1, "",
                Extras.ack("fedcba9876543210")));
        envelopes.add(new Envelope(Envelope.Type.BYE, "0123456789abcdef", "a", "", 0, 1, ""));
        envelopes.add(new Envelope(Envelope.Type.HISTORY_REQUEST, "0123456789abcdef", "a", "lobby", 50, 1, ""));
        envelopes.add(new Envelope(Envelope.Type.PONG, "0123456789abcdef", "a", "", 3, 1, "ack"));
        for (Envelope e : envelopes) {
            ByteBuffer written = codec.encode(e);
            byte[] bytes = new byte[written.remaining()];
            written.get(bytes);
            assertArrayEquals(codec.encodeByMapper(e), bytes, e.toString());
        }
    }

    /**
     * Names a sender makes up never reach the symbol table that the reader's parsers share: after thousands of
     * datagrams with new names (and with known names twice, and defects after known names), it holds only the
     * names the reader knows, and the reader still takes a common datagram.
     */
    @Test
    void madeUpNamesNeverReachTheSharedSymbolTable() throws Exception {
        String common = "{\"v\":1,\"type\":\"msg\",\"id\":\"0123456789abcdef\",\"handle\":\"bob\",\"room\":\"lobby\","
                + "\"seq\":7,\"ts\":1700000000000,\"content\":\"hi\"";
        assertNotNull(fast((common + "}").getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 5000; i++) {
            for (String hostile : List.of(common + ",\"made-up-" + i + "\":1}", "{\"x" + i + "\":1," + common.substring(1) + "}",
                    common + ",\"seq\":" + i + ",\"n" + i + "\":2}", common + ",\"frag\":[1,2],\"q" + i + "\":[}")) {
                assertEquals(null, fast(hostile.getBytes(StandardCharsets.UTF_8)), hostile);
            }
        }
        java.lang.reflect.Field root = com.fasterxml.jackson.core.JsonFactory.class.getDeclaredField("_byteSymbolCanonicalizer");
        root.setAccessible(true);
        int size = ((com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer) root.get(mapper.knownNamesFactory())).size();
        assertTrue(size <= 10, size + " names in the shared table; the reader knows 10");
        assertNotNull(fast((common + ",\"frag\":[1,2]}").getBytes(StandardCharsets.UTF_8)));
    }
}
