package org.huddle.engine.internal.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.huddle.engine.internal.flood.FloodControl;

/**
 * Flow control for what this node says: unpaced while nobody misses anything, and when members in the room
 * ask again for this node's messages (NACKs), the sign that a receiver cannot keep up and loses datagrams
 * to a full socket buffer, the rate is halved, then grows again while no more NACKs come (AIMD, as TCP
 * does). Without it a sender faster than its slowest receiver makes that receiver lose a share of
 * everything, and the repair traffic costs both sides more than the messages themselves.
 *
 * <p>Paced by datagram as it leaves: a long message's parts count one each, a bundle one in all. The sending
 * thread ({@code bundling.SendQueue}) waits, outside any lock, for
 * tokens that fill at the current rate; a burst of {@link #BURST_SECONDS} worth goes out without waiting,
 * since a thread parked for less than the timer's slack (tens of microseconds) sleeps longer than asked.
 * The rate never goes below {@link #FLOOR}, far above what people type, so a forged NACK cannot silence a
 * node, and only NACKs from members known to be in the room count (the caller checks).
 */
public final class SendPace {

    /**
     * What a cut leaves of the rate. 0.7 (as CUBIC) was measured side by side with this: it lost 2.7% at 80 B
     * and 4.7% at 8 KiB at max rate and 8.3% at 8 KiB paced, where halving lost nothing, and was no faster.
     */
    static final double DECREASE = 0.5;

    /** Datagrams per second that pacing never goes below. */
    static final double FLOOR = 2_000;

    /** One cut for the NACKs of one loss: they come within a retry interval of each other. */
    static final long CUT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** Without a NACK this long, the rate is no longer limited at all. */
    static final long RELEASE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** After a cut, the rate grows by this share of itself each second without a NACK. */
    static final double GROWTH_PER_SECOND = 1.0;

    /** Tokens kept at most, in seconds of the current rate. */
    static final double BURST_SECONDS = 0.002;

    /**
     * How far below empty resends may take the ceiling's bucket: a quarter of the burst, so that with the
     * ceiling at 80% of the receivers' burst, what goes out at once stays within their whole burst.
     */
    static final double RESEND_DEBT = 0.25;

    /** How long the send rate is measured over, to know where to cut from when nothing limited it. */
    private static final long METER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Rooms remembered with their mark; a node is in a handful. */
    private static final int MAX_ROOMS = 1000;

    private final LongSupplier nanos;
    private final Map<String, Long> cutAt = new HashMap<>();
    private final LongAdder waits;
    private final LongAdder cuts;
    private boolean enabled = true;
    private double rate = Double.POSITIVE_INFINITY;
    private double ceiling = Double.POSITIVE_INFINITY;
    private double ceilingBurst = 1;
    private double ceilingTokens = 1;
    private double tokens;
    private long refilled;
    private long ceilingRefilled;
    private long lastCut;
    private long meterStart;
    private long meterCount;
    private double meteredRate;

    public SendPace(LongSupplier nanos, LongAdder waits, LongAdder cuts) {
        this.nanos = nanos;
        this.waits = waits;
        this.cuts = cuts;
        long now = nanos.getAsLong();
        this.lastCut = now - RELEASE_NANOS;
        this.meterStart = now;
        this.refilled = now;
        this.ceilingRefilled = now;
    }

    /** Switched off, nothing waits and NACKs change nothing. */
    public synchronized void enabled(boolean on) {
        enabled = on;
        rate = Double.POSITIVE_INFINITY;
    }

    /**
     * The most datagrams a second this node sends, whatever the NACKs say: below what receivers take from one
     * host (flood control), so that they never drop what it sends for its rate; {@code burst} datagrams may go
     * at once, as their bucket takes. Kept when pacing is switched off.
     */
    public synchronized void ceiling(double datagramsPerSecond, double burst) {
        ceiling = datagramsPerSecond;
        ceilingBurst = Math.max(1, burst);
        ceilingTokens = ceilingBurst;
    }

    /** Receivers take {@code perSecond} from one host, {@code burst} at once: this node stays below that. */
    public void belowFloodLimit(int perSecond, int burst) {
        ceiling(FloodControl.sendCeiling(perSecond), FloodControl.sendBurst(burst));
    }

    /** @return the datagrams per second now allowed, or {@link Double#POSITIVE_INFINITY} when unpaced */
    synchronized double rate() {
        return Math.min(rate, ceiling);
    }

    /** Waits until {@code datagrams} more may go out. Interrupted, it returns at once with the flag set. */
    public void take(int datagrams) {
        long wait = reserve(datagrams);
        if (wait <= 0) {
            return;
        }
        waits.increment();
        long until = nanos.getAsLong() + wait;
        for (long left = wait; left > 0 && !Thread.currentThread().isInterrupted(); left = until - nanos.getAsLong()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Takes from the ceiling for a datagram sent again for a NACK, without waiting: repair goes first, into a
     * debt of at most {@link #RESEND_DEBT} of the burst that the sending thread then repays by waiting, so what
     * this node sends in all stays below what its receivers take from one host. Not paced by NACKs: repair is
     * what they ask for.
     *
     * @return whether the datagram may go now; if not, the requester asks again
     */
    synchronized boolean takeForRepair() {
        if (ceiling == Double.POSITIVE_INFINITY) {
            return true;
        }
        refillCeiling(nanos.getAsLong());
        if (ceilingTokens - 1 < -RESEND_DEBT * ceilingBurst) {
            return false;
        }
        ceilingTokens -= 1;
        return true;
    }

    /** @return how long to wait, in nanoseconds, before the datagrams reserved now go out */
    synchronized long reserve(int datagrams) {
        long now = nanos.getAsLong();
        meter(now, datagrams);
        double elapsed = (now - refilled) / 1e9;
        refilled = now;
        long wait = 0;
        if (ceiling != Double.POSITIVE_INFINITY) {
            // The receivers' own bucket, mirrored: a burst goes out at once, a sustained rate is held below theirs.
            refillCeiling(now);
            ceilingTokens -= datagrams;
            if (ceilingTokens < 0) {
                wait = (long) (-ceilingTokens / ceiling * 1e9);
            }
        }
        if (!enabled || rate == Double.POSITIVE_INFINITY) {
            return wait;
        }
        if (now - lastCut >= RELEASE_NANOS) {
            rate = Double.POSITIVE_INFINITY;
            return wait;
        }
        rate = rate * (1 + GROWTH_PER_SECOND * elapsed);
        tokens = Math.min(tokens + elapsed * rate, Math.max(1, rate * BURST_SECONDS)) - datagrams;
        // Negative tokens are a debt that the next callers wait for too, so a burst of parts stays paced.
        return tokens >= 0 ? wait : Math.max(wait, (long) (-tokens / rate * 1e9));
    }

    private void refillCeiling(long now) {
        ceilingTokens = Math.min(ceilingTokens + (now - ceilingRefilled) / 1e9 * ceiling, ceilingBurst);
        ceilingRefilled = now;
    }

    /**
     * A member known in the room asked again for this node's messages: halve the rate, once per loss. A NACK
     * for nothing newer than what was sent at the last cut asks for a loss already reacted to (NACKs repeat
     * while a gap lasts), as TCP cuts once a window: cutting for each would pin the rate to the floor.
     *
     * @param newestMissing the highest sequence number the NACK asks for
     * @param sentUpTo      the room's highest sequence number sent so far
     */
    synchronized void congested(String room, long newestMissing, long sentUpTo) {
        long now = nanos.getAsLong();
        Long mark = cutAt.get(room);
        if (!enabled || now - lastCut < CUT_INTERVAL_NANOS || (mark != null && newestMissing <= mark)) {
            return;
        }
        if (cutAt.size() >= MAX_ROOMS) {
            cutAt.clear();
        }
        cutAt.put(room, sentUpTo);
        double from = rate == Double.POSITIVE_INFINITY ? measuredRate(now) : rate;
        rate = Math.max(FLOOR, from * DECREASE);
        tokens = 0;
        refilled = now;
        lastCut = now;
        cuts.increment();
    }

    private void meter(long now, int datagrams) {
        meterCount += datagrams;
        if (now - meterStart >= METER_NANOS) {
            meteredRate = meterCount * 1e9 / (now - meterStart);
            meterStart = now;
            meterCount = 0;
        }
    }

    private double measuredRate(long now) {
        double current = now - meterStart > 0 ? meterCount * 1e9 / (now - meterStart) : 0;
        return Math.max(FLOOR, Math.max(meteredRate, current));
    }
}
