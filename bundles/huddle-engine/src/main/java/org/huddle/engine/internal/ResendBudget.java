package org.huddle.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Caps how many datagrams this node resends per second for NACKs, whoever asks: a NACK costs a few dozen
 * bytes and may name 64 messages, so without a cap anyone on the network could make a node multiply their
 * traffic into the room. Honest repair on a LAN needs far less than the cap.
 */
final class ResendBudget {

    private final int perSecond;
    private final LongSupplier clock;
    private long windowStart;
    private int used;

    /** @param clock {@code System::nanoTime}, or a test's own */
    ResendBudget(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** @return whether one more datagram may be resent now */
    synchronized boolean take() {
        long now = clock.getAsLong();
        if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
            windowStart = now;
            used = 0;
        }
        if (used >= perSecond) {
            return false;
        }
        used++;
        return true;
    }
}
