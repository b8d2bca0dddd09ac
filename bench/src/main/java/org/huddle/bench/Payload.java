package org.huddle.bench;

import java.util.Arrays;

/**
 * The text every system carries, the same bytes for all: {@code RRR:SSSSSSSSSS:NNNNNNNNNNNNNNNNNNN:}
 * (round, sequence and {@link System#nanoTime()} at sending, zero-padded) and then {@code x} up to the
 * payload size. ASCII, so that Huddle carries it as chat text without escaping and bytes are characters.
 * nanoTime is CLOCK_MONOTONIC on Linux, one clock for every JVM on the machine, so a receiver's latency
 * is its own nanoTime minus the stamp. A sender writes the stamp into one buffer in place
 * ({@link #stamp}); {@link Member#send} copies what it keeps.
 */
public final class Payload {

    static final int ROUND_DIGITS = 3;
    static final int SEQ_DIGITS = 10;
    static final int NANOS_DIGITS = 19;
    /** Length of the header, the smallest payload. */
    public static final int HEADER = ROUND_DIGITS + SEQ_DIGITS + NANOS_DIGITS + 3;

    private Payload() {
    }

    /** A buffer of {@code size} bytes (at least {@link #HEADER}), padded, for {@link #stamp}. */
    public static byte[] buffer(int size) {
        byte[] out = new byte[Math.max(size, HEADER)];
        Arrays.fill(out, (byte) 'x');
        return out;
    }

    /** Writes the header into {@code buf}. */
    public static void stamp(byte[] buf, int round, long seq, long nanos) {
        int at = digits(buf, 0, round, ROUND_DIGITS);
        at = digits(buf, at, seq, SEQ_DIGITS);
        digits(buf, at, nanos, NANOS_DIGITS);
    }

    private static int digits(byte[] buf, int at, long value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        buf[at + width] = ':';
        return at + width + 1;
    }

    /** The header of a payload, or null when it is not one of ours. */
    public static Stamp parse(byte[] buf, int offset, int length) {
        if (length < HEADER) {
            return null;
        }
        long round = number(buf, offset, ROUND_DIGITS);
        long seq = number(buf, offset + ROUND_DIGITS + 1, SEQ_DIGITS);
        long nanos = number(buf, offset + ROUND_DIGITS + SEQ_DIGITS + 2, NANOS_DIGITS);
        return round < 0 || seq < 0 || nanos < 0 ? null : new Stamp((int) round, seq, nanos);
    }

    private static long number(byte[] buf, int at, int width) {
        long value = 0;
        for (int i = at; i < at + width; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return buf[at + width] == ':' ? value : -1;
    }

    /** A parsed header. */
    public record Stamp(int round, long seq, long nanos) {
    }
}
