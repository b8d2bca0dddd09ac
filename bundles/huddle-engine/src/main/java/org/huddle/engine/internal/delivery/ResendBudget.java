package org.huddle.engine.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Caps how many datagrams this node resends per second for NACKs, whoever asks: a NACK costs a few dozen
 * bytes and may name 64 messages, so without a cap anyone on the network could make a node multiply their
 * traffic into the room. Honest repair on a LAN needs far less than the cap, except after a burst: a node
 * sending tens of thousands of messages a second overruns a slower receiver, which then asks for hundreds
 * at once. So the cap can grow with what the node itself sent in the last second (a share of its own
 * traffic, which no NACK can raise), above a floor.
 */
public final class ResendBudget {

    private final int floor;
    private final LongSupplier clock;
    private final LongSupplier ownSent;
    private final int ownPercent;
    private long windowStart;
    private long ownAtWindowStart;
    private long perSecond;
    private long used;

    /** @param clock {@code System::nanoTime}, or a test's own */
    ResendBudget(int perSecond, LongSupplier clock) {
        this(perSecond, clock, () -> 0, 0);
    }

    /**
     * @param floor      the cap when this node sends little
     * @param ownSent    how many datagrams this node has sent so far
     * @param ownPercent the cap's share of what it sent in the last second, when that is more than the floor
     */
    ResendBudget(int floor, LongSupplier clock, LongSupplier ownSent, int ownPercent) {
        this.floor = floor;
        this.perSecond = floor;
        this.clock = clock;
        this.ownSent = ownSent;
        this.ownPercent = ownPercent;
        this.windowStart = clock.getAsLong();
        this.ownAtWindowStart = ownSent.getAsLong();
    }

    /**
     * One datagram from a budget in all, and first from the strangers' share of it unless for someone known
     * to be in the room: made-up senders and requesters cannot use up what honest repair needs.
     */
    static boolean take(ResendBudget all, ResendBudget strangers, boolean known) {
        return (known || strangers.take()) && all.take();
    }

    /** @return whether one more datagram may be resent now */
    synchronized boolean take() {
        long now = clock.getAsLong();
        if (now - windowStart >= TimeUnit.SECONDS.toNanos(1)) {
            long own = ownSent.getAsLong();
            long lastSecond = (own - ownAtWindowStart) * TimeUnit.SECONDS.toNanos(1) / (now - windowStart);
            perSecond = Math.max(floor, lastSecond * ownPercent / 100);
            windowStart = now;
            ownAtWindowStart = own;
            used = 0;
        }
        if (used >= perSecond) {
            return false;
        }
        used++;
        return true;
    }
}
