package org.huddle.engine.internal.sealing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Refuses sealed datagrams sent again by someone who captured them (docs/security.md). All it looks at was
 * authenticated with the room's key: the sender's id, which is new at every start of a node (the sender's
 * epoch), its datagram counter, and when it was sealed. A datagram sealed more than the allowed clock skew
 * away from now, or before this node started (captured before a restart), is stale; for each sender a
 * window of the last {@value #WINDOW} counters, like IPsec's, tells a first arrival from a copy, and what
 * lies below the window is a replay. Thread safe.
 */
public final class ReplayGuard {

    /** How far back out-of-order datagrams of one sender are still told apart from copies. */
    public static final int WINDOW = 1024;

    /** What became of a datagram. */
    public enum Verdict {
        /** First arrival: let it in. */
        FRESH,
        /** Seen already: one of the copies every dual-stack or resent datagram has, or a replay within the window. */
        COPY,
        /** Sealed too long ago or too far ahead, or before this node started. */
        STALE,
        /** Older than the sender's window: only a replay gets here. */
        REPLAYED
    }

    private record Sender(RoomSecret secret, long id) {
    }

    private static final class Window {
        long highest;
        final long[] seen = new long[WINDOW / 64];

        boolean testAndSet(long counter) {
            int bit = (int) (counter % WINDOW);
            long mask = 1L << (bit % 64);
            boolean was = (seen[bit / 64] & mask) != 0;
            seen[bit / 64] |= mask;
            return was;
        }

        void clear(long counter) {
            int bit = (int) (counter % WINDOW);
            seen[bit / 64] &= ~(1L << (bit % 64));
        }
    }

    private final long startedAt;
    private final long skewMillis;
    private final LongSupplier clock;
    private final Map<Sender, Window> windows;

    /**
     * @param startedAt  when this node started, ms since 1970
     * @param skewMillis how far a sender's clock may be from this node's
     * @param maxSenders bounds the state whatever is sent; beyond it the sender heard longest ago is forgotten
     * @param clock      {@code System::currentTimeMillis}, or a test's own
     */
    public ReplayGuard(long startedAt, long skewMillis, int maxSenders, LongSupplier clock) {
        this.startedAt = startedAt;
        this.skewMillis = skewMillis;
        this.clock = clock;
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Sender, Window> eldest) {
                return size() > maxSenders;
            }
        };
    }

    /** @return how many senders' windows are kept */
    public synchronized int size() {
        return windows.size();
    }

    public synchronized Verdict check(RoomSecret secret, long sender, long counter, long sealedAt) {
        long now = clock.getAsLong();
        if (Math.abs(now - sealedAt) > skewMillis || sealedAt < startedAt || counter < 1) {
            return Verdict.STALE;
        }
        Window w = windows.get(new Sender(secret, sender));
        if (w == null) {
            w = new Window();
            w.highest = counter;
            w.testAndSet(counter);
            windows.put(new Sender(secret, sender), w);
            return Verdict.FRESH;
        }
        if (counter > w.highest) {
            for (long c = Math.max(w.highest + 1, counter - WINDOW + 1); c < counter; c++) {
                w.clear(c); // slots reused for the counters now inside the window
            }
            w.clear(counter);
            w.highest = counter;
            w.testAndSet(counter);
            return Verdict.FRESH;
        }
        if (counter <= w.highest - WINDOW) {
            return Verdict.REPLAYED;
        }
        return w.testAndSet(counter) ? Verdict.COPY : Verdict.FRESH;
    }
}
