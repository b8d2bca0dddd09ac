package org.huddle.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Damages datagrams the ways networks and attackers do: flipped bits, cut-off ends, bytes doubled or lost,
 * pieces of other datagrams spliced in, and what is made to hurt a parser (huge numbers, deep nesting, long
 * strings, invalid UTF-8). Most mutations keep most of a datagram intact, so that many still decode and
 * reach the checks behind the parser. Not thread safe: one per fuzzing thread.
 */
final class DatagramMutator {

    /** Mutations, for the counts a run prints. */
    enum Kind {
        BIT_FLIP, AWKWARD_BYTE, TRUNCATE, SPLICE, DUPLICATE, DELETE, INSERT_TOKEN, HUGE_NUMBER, HOSTILE_STRING,
        DEEP_NESTING
    }

    private static final List<byte[]> TOKENS = utf8("\\u", "\\ud800", "\\uDFFF", "\\\"", "\"", "{", "}", "[", "]", ":",
            ",", "null", "true", "-0", "1e999999999", "-1", "0.5", "\"v\":2", "\"type\":\"pong\"", "\"type\":\"hello\"",
            "\"type\":\"nack\"", "\"type\":\"history?\"", ",\"frag\":[1,128]", ",\"frag\":[128,128]", ",\"replay\":true",
            ",\"missing\":[[1,1]]", ",\"rooms\":{\"lobby\":9223372036854775807}", ",\"addrs\":[]",
            ",\"of\":\"0123456789abcdef\"", "\u00e9", "\ud83d\ude00", "\u0000", "\t", "\r\n", "/*", "'", "HS\u0001");

    private static final List<byte[]> HUGE_NUMBERS = utf8("9223372036854775807", "9223372036854775808",
            "-9223372036854775808", "18446744073709551616", "99999999999999999999999999999999",
            "999999999999999999999999999999999", "1e308", "1e309", "-1e-400", "1.7976931348623157E309", "0", "-1",
            "2147483648", "4.9e-324", "12345678901234567890123456789012345678901234567890");

    /** Byte sequences that no valid UTF-8 contains: overlong forms, encoded surrogates, beyond U+10FFFF, cut-off. */
    private static final List<byte[]> BAD_UTF8 = List.of(bytes(0xc0, 0xaf), bytes(0xe0, 0x80, 0xaf),
            bytes(0xed, 0xa0, 0x80), bytes(0xed, 0xbf, 0xbf), bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xf8, 0x88, 0x80, 0x80,
                    0x80), bytes(0xff), bytes(0xfe), bytes(0x80), bytes(0xc3), bytes(0xe2, 0x82));

    private static final byte[] AWKWARD_BYTES = { 0x00, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc3,
            (byte) 0xed, (byte) 0xf0, (byte) 0xf4, (byte) 0xf8, (byte) 0xff, '"', '\\', '{', '}', '[', ']', ':', ',', '0',
            '9', '-', 'e' };

    private final Random random;
    private final Supplier<byte[]> others;
    private final long[] counts = new long[Kind.values().length];

    /** @param others where pieces to splice in come from */
    DatagramMutator(Random random, Supplier<byte[]> others) {
        this.random = random;
        this.others = others;
    }

    /** @return {@code in} after one to {@code most} mutations; {@code in} itself is left as it was */
    byte[] mutate(byte[] in, int most) {
        byte[] out = in;
        for (int m = 1 + random.nextInt(most); m > 0; m--) {
            out = once(out);
        }
        return out;
    }

    /** @return random bytes, mostly short, now and then up to beyond the largest datagram of any wire */
    byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(20) == 0 ? random.nextInt(9_000) : random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** @return how often each mutation was applied, by name */
    String counts() {
        return String.join(", ", Stream.of(Kind.values()).map(k -> k.name().toLowerCase() + " " + counts[k.ordinal()])
                .toList());
    }

    private byte[] once(byte[] in) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        counts[kind.ordinal()]++;
        int at = in.length == 0 ? 0 : random.nextInt(in.length);
        return switch (kind) {
            case BIT_FLIP -> {
                byte[] out = in.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0 && out.length > 0; flips--) {
                    int i = random.nextInt(out.length);
                    out[i] ^= (byte) (1 << random.nextInt(8));
                }
                yield out;
            }
            case AWKWARD_BYTE -> {
                byte[] out = in.clone();
                if (out.length > 0) {
                    out[at] = AWKWARD_BYTES[random.nextInt(AWKWARD_BYTES.length)];
                }
                yield out;
            }
            case TRUNCATE -> Arrays.copyOf(in, at);
            case SPLICE -> {
                byte[] other = others.get();
                int from = other.length == 0 ? 0 : random.nextInt(other.length);
                yield splice(in, at, random.nextBoolean() ? in.length : at,
                        Arrays.copyOfRange(other, from, Math.min(other.length, from + 1 + random.nextInt(200))));
            }
            case DUPLICATE -> {
                int end = Math.min(in.length, at + 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 16));
                yield splice(in, end, end, Arrays.copyOfRange(in, at, end));
            }
            case DELETE -> splice(in, at, Math.min(in.length, at + 1 + random.nextInt(8)), new byte[0]);
            case INSERT_TOKEN -> splice(in, at, at, random.nextInt(4) == 0 ? BAD_UTF8.get(random.nextInt(BAD_UTF8.size()))
                    : TOKENS.get(random.nextInt(TOKENS.size())));
            case HUGE_NUMBER -> replaceNumber(in, HUGE_NUMBERS.get(random.nextInt(HUGE_NUMBERS.size())));
            case HOSTILE_STRING -> replaceString(in, hostileString());
            case DEEP_NESTING -> {
                int depth = 6 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 8);
                byte[] open = (random.nextBoolean() ? "[" : "{\"a\":").repeat(depth).getBytes(StandardCharsets.US_ASCII);
                yield splice(in, at, at, open);
            }
        };
    }

    /** Puts a number where the datagram had one (a field's value), or anywhere when it has none. */
    private byte[] replaceNumber(byte[] in, byte[] number) {
        int start = -1;
        for (int tries = 0; tries < 16 && in.length > 0; tries++) {
            int i = random.nextInt(in.length);
            if (in[i] >= '0' && in[i] <= '9') {
                start = i;
                break;
            }
        }
        if (start < 0) {
            return splice(in, 0, 0, number);
        }
        while (start > 0 && in[start - 1] >= '0' && in[start - 1] <= '9') {
            start--;
        }
        int end = start;
        while (end < in.length && in[end] >= '0' && in[end] <= '9') {
            end++;
        }
        return splice(in, start, end, number);
    }

    /** Puts a string's characters in place of a string's, quotes kept, so the datagram stays JSON. */
    private byte[] replaceString(byte[] in, byte[] text) {
        int quote = -1;
        for (int tries = 0; tries < 8 && in.length > 0; tries++) {
            int i = random.nextInt(in.length);
            if (in[i] == '"') {
                quote = i;
                break;
            }
        }
        if (quote < 0) {
            return splice(in, in.length, in.length, text);
        }
        int end = quote + 1;
        while (end < in.length && in[end] != '"') {
            end += in[end] == '\\' ? 2 : 1;
        }
        return splice(in, quote + 1, Math.min(end, in.length), text);
    }

    /** Long, escaped to control and bidi characters, or with lone surrogates: for the parser and the console. */
    private byte[] hostileString() {
        return switch (random.nextInt(5)) {
            case 0 -> "x".repeat(random.nextInt(3000)).getBytes(StandardCharsets.US_ASCII);
            case 1 -> "\\u001b[2J\\u001b]0;owned\\u0007".getBytes(StandardCharsets.US_ASCII);
            case 2 -> "\\u202e\\u2066\\u200f\\u061c".repeat(1 + random.nextInt(20)).getBytes(StandardCharsets.US_ASCII);
            case 3 -> "\\ud800\\udc00\\udc00\\ud800".getBytes(StandardCharsets.US_ASCII);
            default -> "\\u0000".repeat(1 + random.nextInt(300)).getBytes(StandardCharsets.US_ASCII);
        };
    }

    private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
        byte[] out = new byte[in.length - (to - from) + insert.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(in, to, out, from + insert.length, in.length - to);
        return out;
    }

    private static List<byte[]> utf8(String... tokens) {
        return Stream.of(tokens).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static byte[] bytes(int... raw) {
        byte[] b = new byte[raw.length];
        for (int i = 0; i < raw.length; i++) {
            b[i] = (byte) raw[i];
        }
        return b;
    }
}
