package org.huddle.codec.json.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.huddle.api.transport.Envelope;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.MessageCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever arrives on a port, decoding gives an envelope or a {@link MalformedDatagramException}: anything else
 * would kill a receive loop. Random input from a fixed seed, printed with the counts; another run takes
 * {@code -Dhuddle.fuzz.seed=<seed>}. The engine's {@code EngineFuzzTest} sends 100,000 more through every codec
 * and the engine behind them.
 */
class CodecFuzzTest {

    private static final long SEED = Long.getLong("huddle.fuzz.seed", 4844L);

    private static final int ROUNDS = Integer.getInteger("huddle.fuzz.rounds", 4_000);

    /** Every codec hears every program's traffic: its own port is shared, and people point programs anywhere. */
    static final List<byte[]> SAMPLES = Stream.of(
            new String(new JsonMessageCodec().encode(new Envelope(Envelope.Type.MESSAGE, "0123456789abcdef", "alice",
                    "lobby", 7, 1_700_000_000_000L, "caf\u00e9 \ud83d\ude00")).array(), StandardCharsets.UTF_8),
            "{\"v\":1,\"type\":\"hello\",\"id\":\"0123456789abcdef\",\"handle\":\"bob\",\"room\":\"\",\"seq\":0,\"ts\":1,"
                    + "\"content\":\"\",\"addrs\":[\"10.0.0.7\",\"fe80::1\"],\"rooms\":{\"lobby\":42,\"#dev\":7}}",
            "{\"v\":1,\"type\":\"bye\",\"id\":\"0123456789abcdef\",\"handle\":\"bob\",\"room\":\"lobby\",\"seq\":0,\"ts\":1,"
                    + "\"content\":\"\"}",
            "{\"v\":1,\"type\":\"nack\",\"id\":\"0123456789abcdef\",\"handle\":\"a\",\"room\":\"lobby\",\"seq\":0,\"ts\":1,"
                    + "\"content\":\"\",\"of\":\"fedcba9876543210\",\"missing\":[[17,19],[23,23]]}",
            "{\"v\":1,\"type\":\"history?\",\"id\":\"0123456789abcdef\",\"handle\":\"c\",\"room\":\"lobby\",\"seq\":50,"
                    + "\"ts\":1,\"content\":\"\"}",
            "{\"v\":1,\"type\":\"msg\",\"id\":\"0123456789abcdef\",\"handle\":\"a\",\"room\":\"lobby\",\"seq\":57,\"ts\":1,"
                    + "\"content\":\"part\",\"frag\":[2,5],\"replay\":true}",
            "{\"v\":1,\"type\":\"ack\",\"id\":\"0123456789abcdef\",\"handle\":\"a\",\"room\":\"lobby\",\"seq\":9,\"ts\":1,"
                    + "\"content\":\"\",\"of\":\"fedcba9876543210\"}",
            "{\"v\":1,\"type\":\"ping\",\"id\":\"0123456789abcdef\",\"handle\":\"a\",\"room\":\"\",\"seq\":0,\"ts\":1,\"content\":\"?\"}",
            "{\"client_id\":\"a1b2c3d4e5\",\"handle\":\"jp\",\"content\":\"hello \\u00e9 \\ud83d\\ude00\"}",
            "{\"username\": \"test\"}",
            "TEST",
            "very important data",
            "ack")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();

    /** The first samples, those of Huddle's own wire. */
    private static final int HUDDLE_SAMPLES = 8;

    private static final List<byte[]> TOKENS = Stream.of(
            "\\u", "\\ud800", "\\uDFFF", "\\\"", "\"", "{", "}", "[[[[[[[[[[", "]", ":", ",", "null", "true", "-0",
            "1e999999999", "99999999999999999999999999999999999", "0.00000000000000000000001", "\"username\"",
            "\"client_id\"", "\"handle\"", "\"content\"", "\"v\":1", "\"type\":\"pong\"",
            "\"type\":\"nack\"", "\"type\":\"hello\"", ",\"frag\":[1,64]", ",\"replay\":false", ",\"missing\":[[1,1]]",
            ",\"rooms\":{}", ",\"addrs\":[]", ",\"of\":\"0123456789abcdef\"", "\u00e9", "\ud83d\ude00",
            "\u0000", "\t", "\r\n", "/*", "'")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();

    private static final byte[] AWKWARD_BYTES = { 0x00, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc3,
            (byte) 0xed, (byte) 0xf0, (byte) 0xf4, (byte) 0xf8, (byte) 0xff, '"', '\\', '{', '}', ':', ',' };

    static Stream<Arguments> codecs() {
        return Stream.of(new JsonMessageCodec(), new BackchannelCodec(), new BeaconCodec(), new HistoryLineCodec())
                .map(codec -> Arguments.of(codec.format(), codec));
    }

    /** Mutations of a valid datagram reach deeper checks than mutations of a broken one. */
    @Test
    void everyTypeOfHuddlesWireIsInTheCorpusAndValid() throws MalformedDatagramException {
        JsonMessageCodec huddle = new JsonMessageCodec();
        Set<Envelope.Type> types = EnumSet.noneOf(Envelope.Type.class);
        for (byte[] sample : SAMPLES.subList(0, HUDDLE_SAMPLES)) {
            types.add(huddle.decode(ByteBuffer.wrap(sample)).type());
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(Envelope.Type.BEACON, Envelope.Type.PONG)), types);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void randomBytesOnlyEverGiveAnEnvelopeOrAReason(String format, MessageCodec codec) {
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            int length = random.nextInt(20) == 0 ? random.nextInt(9_000) : random.nextInt(200);
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            decodeSafely(codec, bytes, random);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void mutatedDatagramsOnlyEverGiveAnEnvelopeOrAReason(String format, MessageCodec codec) {
        Random random = new Random(SEED + 1);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] bytes = SAMPLES.get(random.nextInt(SAMPLES.size()));
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                bytes = mutate(bytes, random);
            }
            outcomes.merge(decodeSafely(codec, bytes, random), 1, Integer::sum);
        }
        System.out.println("codec fuzz seed " + SEED + ", " + format + ": " + outcomes);
        // Mutations that leave a datagram valid are what reach the field checks and re-encoding. (Those of
        // EngineFuzzTest aim at the parser's limits too.)
        for (String outcome : List.of("decoded", "bad-utf8", "not-json")) {
            assertTrue(outcomes.containsKey(outcome), "no mutated datagram " + outcome + ", seed " + SEED + ": " + outcomes);
        }
    }

    static byte[] mutate(byte[] in, Random random) {
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        switch (random.nextInt(6)) {
            case 0 -> {
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[at] = random.nextBoolean() ? AWKWARD_BYTES[random.nextInt(AWKWARD_BYTES.length)]
                            : (byte) (out[at] ^ (1 << random.nextInt(8)));
                }
                return out;
            }
            case 1 -> {
                return splice(in, at, at, TOKENS.get(random.nextInt(TOKENS.size())));
            }
            case 2 -> {
                return splice(in, at, Math.min(in.length, at + 1 + random.nextInt(8)), new byte[0]);
            }
            case 3 -> {
                return Arrays.copyOf(in, at);
            }
            case 4 -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(16));
                return splice(in, end, end, Arrays.copyOfRange(in, at, end));
            }
            default -> {
                byte[] other = SAMPLES.get(random.nextInt(SAMPLES.size()));
                return splice(in, at, in.length, Arrays.copyOfRange(other, random.nextInt(other.length), other.length));
            }
        }
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }

    /**
     * Decodes from each kind of buffer a transport may hand over: with or without an array, at an offset.
     *
     * @return {@code decoded}, or the reason it was refused
     */
    private static String decodeSafely(MessageCodec codec, byte[] bytes, Random random) {
        byte[] framed = new byte[bytes.length + 6];
        System.arraycopy(bytes, 0, framed, 3, bytes.length);
        ByteBuffer datagram = switch (random.nextInt(5)) {
            case 0 -> ByteBuffer.wrap(bytes);
            case 1 -> ByteBuffer.wrap(framed, 3, bytes.length);
            case 2 -> ByteBuffer.wrap(framed, 3, bytes.length).slice();
            case 3 -> ByteBuffer.wrap(bytes).asReadOnlyBuffer();
            default -> ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        };
        int position = datagram.position();
        int limit = datagram.limit();
        String outcome = "decoded";
        try {
            reencode(codec, codec.decode(datagram));
        } catch (MalformedDatagramException expected) {
            outcome = expected.reason().label();
        } catch (Throwable t) {
            fail(codec.format() + " threw " + t + " with seed " + SEED + " on " + HexFormat.of().formatHex(bytes), t);
        }
        assertEquals(position, datagram.position(), "decode must leave the buffer as it was");
        assertEquals(limit, datagram.limit(), "decode must leave the buffer as it was");
        return outcome;
    }

    /** What was read may be sent on (a reply, a relay): that must not crash either, only refuse length. */
    private static void reencode(MessageCodec codec, Envelope e) {
        try {
            codec.encode(e);
        } catch (IllegalArgumentException tooLong) {
            // allowed by MessageCodec.encode
        }
    }
}
