package org.huddle.engine.internal.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Recognises copies of a datagram on a wire without sequence numbers (backchannel): a host on a segment
 * through two interfaces receives every datagram twice, identical and within milliseconds. The same text
 * from the same client within {@link #WINDOW_MILLIS} counts as a copy; a person repeating themselves that
 * fast loses nothing they meant to say twice, and Huddle's own split parts differ by their numbering.
 */
public final class EchoFilter {

    static final long WINDOW_MILLIS = 2000;

    private static final int MAX_REMEMBERED = 256;

    private record Seen(int hash, String key, long at) {
    }

    private final Deque<Seen> seen = new ArrayDeque<>();

    /** @return {@code true} the first time within the window, {@code false} for a copy */
    synchronized boolean firstTime(String clientId, String handle, String content, long nowMillis) {
        while (!seen.isEmpty() && (nowMillis - seen.peekFirst().at() > WINDOW_MILLIS || seen.size() >= MAX_REMEMBERED)) {
            seen.removeFirst();
        }
        String key = clientId + '\u0000' + handle + '\u0000' + content;
        int hash = Objects.hashCode(key);
        for (Seen s : seen) {
            if (s.hash() == hash && s.key().equals(key)) {
                return false;
            }
        }
        seen.addLast(new Seen(hash, key, nowMillis));
        return true;
    }
}
