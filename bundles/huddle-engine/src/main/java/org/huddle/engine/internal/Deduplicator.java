package org.huddle.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tells whether a (sender, room, sequence) was seen before. Several interfaces or address families can
 * deliver the same datagram more than once; each copy after the first is a duplicate.
 *
 * <p>Per sender and room it keeps the highest sequence seen and a 64-bit window below it, so copies
 * that arrive out of order are still recognised. Senders not heard from for longest are forgotten first
 * once {@code maxStreams} is reached, which bounds memory whatever arrives.
 */
final class Deduplicator {

    private static final int WINDOW = 64;

    private static final class Stream {
        long highest;
        long seen; // bit i: highest - i was seen
    }

    private final Map<String, Stream> streams;

    Deduplicator(int maxStreams) {
        this.streams = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Stream> eldest) {
                return size() > maxStreams;
            }
        };
    }

    /** @return {@code true} the first time a sequence is offered, {@code false} for a duplicate */
    synchronized boolean firstTime(String senderId, String room, long sequence) {
        Stream s = streams.computeIfAbsent(senderId + '\u0000' + room, k -> new Stream());
        if (sequence > s.highest) {
            long shift = sequence - s.highest;
            s.seen = shift >= WINDOW ? 1L : (s.seen << shift) | 1L;
            s.highest = sequence;
            return true;
        }
        long age = s.highest - sequence;
        if (age >= WINDOW) {
            return false; // too old to tell apart: treat as already delivered rather than show twice
        }
        long bit = 1L << age;
        if ((s.seen & bit) != 0) {
            return false;
        }
        s.seen |= bit;
        return true;
    }
}
