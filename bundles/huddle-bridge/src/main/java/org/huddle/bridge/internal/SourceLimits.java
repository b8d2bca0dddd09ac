package org.huddle.bridge.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bridge's flood control: a token bucket per source host, checked before a datagram is relayed, so that one
 * host flooding its side does not fill the other side's limits (where, on multicast, every relayed datagram comes
 * from the bridge) and crowd out everyone else's messages. As the engine's: the generic cell rate algorithm, one
 * number per host (when its bucket is full again), no lock; buckets that are full again are forgotten, and beyond
 * {@code maxHosts} hosts near their limit at once (a flood from forged addresses), the rest share one bucket.
 */
final class SourceLimits {

    /** As the engine's flood.rate. */
    static final int DEFAULT_RATE = 1000;
    /** As the engine's flood.burst. */
    static final int DEFAULT_BURST = 2000;
    static final int MAX_HOSTS = 10_000;
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long interval;
    private final long tolerance;
    private final boolean unlimited;
    private final int maxHosts;
    private final Map<InetAddress, AtomicLong> fullAt = new ConcurrentHashMap<>();
    private final AtomicLong beyondBound;
    private final AtomicLong nextSweep;

    /**
     * @param perSecond datagrams per second per host; 0 for no limit
     * @param burst     datagrams a host may send at once after a quiet moment; at least 1
     * @param now       {@link System#nanoTime()}, or a test's clock
     */
    SourceLimits(int perSecond, int burst, int maxHosts, long now) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("flood.rate must be 0 or more and flood.burst 1 or more, not "
                    + perSecond + " and " + burst);
        }
        this.unlimited = perSecond == 0;
        this.interval = unlimited ? 1 : Math.max(1, TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.tolerance = interval * (burst - 1L);
        this.maxHosts = maxHosts;
        this.beyondBound = new AtomicLong(now);
        this.nextSweep = new AtomicLong(now);
    }

    /** @return whether a datagram from {@code source} may be relayed now; never blocks */
    boolean admit(InetSocketAddress source, long now) {
        if (unlimited || source == null || source.getAddress() == null) {
            return true;
        }
        AtomicLong bucket = bucket(source.getAddress(), now);
        while (true) {
            long full = bucket.get();
            long start = full - now > 0 ? full : now;
            if (start - now > tolerance) {
                return false;
            }
            if (bucket.compareAndSet(full, start + interval)) {
                return true;
            }
        }
    }

    /** @return hosts with a bucket of their own, for tests */
    int hostsTracked() {
        return fullAt.size();
    }

    private AtomicLong bucket(InetAddress address, long now) {
        AtomicLong known = fullAt.get(address);
        if (known != null) {
            return known;
        }
        if (fullAt.size() >= maxHosts) {
            long due = nextSweep.get();
            if (now - due >= 0 && nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
                fullAt.values().removeIf(full -> full.get() - now <= 0);
            }
            if (fullAt.size() >= maxHosts) {
                return beyondBound;
            }
        }
        return fullAt.computeIfAbsent(address, a -> new AtomicLong(now));
    }
}
