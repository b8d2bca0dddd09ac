package org.huddle.engine.internal.flood;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.huddle.api.Notice;
import org.huddle.api.transport.MalformedDatagramException.Reason;
import org.huddle.engine.internal.ChatEngineConfig;
import org.huddle.engine.internal.core.EngineCounters;

/**
 * A rate limit per source host, checked before a datagram is decoded or opened, so that a flood from one host
 * costs a hash lookup and a compare-and-set per datagram instead of JSON parsing or AES-GCM, and the transport's
 * receive threads keep up and still find other hosts' datagrams among the flood (docs/security.md, Flood
 * control).
 *
 * <p>Each host has a token bucket, kept as the generic cell rate algorithm's one number (the time at which
 * its bucket is full again), so a check takes no lock. A bucket that is full again holds nothing a new one
 * would not, so buckets are forgotten once full: only hosts sending near their limit take room, and when
 * more than {@code maxHosts} do (a flood from forged addresses), the ones beyond share one bucket.
 *
 * <p>What is dropped is counted as {@code dropped.rate-limited}, and told to front ends per host at most once
 * per {@link #REPORT_INTERVAL_NANOS}.
 */
public final class FloodControl {

    /** As {@link ChatEngineConfig#flood_rate()}'s default. */
    public static final int DEFAULT_RATE = 1000;
    /** As {@link ChatEngineConfig#flood_burst()}'s default. */
    public static final int DEFAULT_BURST = 2000;
    /**
     * The share of a host's limit that a node sends at most (SendPace's ceiling), leaving the rest for its
     * hellos, acknowledgements, NACKs and repair, which the receivers count against the same host.
     */
    static final double SEND_SHARE = 0.8;

    /** How many hosts sending near their limit get a bucket of their own. */
    public static final int MAX_HOSTS = 10_000;

    /** The least time between two notices about one host. */
    static final long REPORT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** From a host's first drop to the notice about it: long enough to say how big the flood is. */
    static final long FIRST_REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The least time between two sweeps for full buckets, so a full table is not swept per datagram. */
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * A limit in the algorithm's terms: one datagram per {@code interval}, and at most {@code tolerance} of
     * credit taken in advance (the burst). {@code null} stands for no limit.
     */
    private record Rule(long interval, long tolerance) {

        static Rule of(int perSecond, int burst) {
            long interval = Math.max(1, TimeUnit.SECONDS.toNanos(1) / perSecond);
            return new Rule(interval, interval * (burst - 1L));
        }
    }

    /** One source host's bucket, and what was dropped of its traffic since it was last told. */
    private static final class Host {
        /** The start of its notice, for example {@code 10.0.0.9 is flooding}. */
        final String flooding;
        /** When its bucket is full again; a bucket starts full. */
        final AtomicLong fullAt;
        /** Drained whole by each report, so an {@link AtomicLong} rather than a LongAdder. */
        final AtomicLong unreported = new AtomicLong();
        final AtomicBoolean reportDue = new AtomicBoolean();
        volatile long lastReport;
        volatile boolean reported;

        Host(String flooding, long now) {
            this.flooding = flooding;
            this.fullAt = new AtomicLong(now);
        }

        boolean take(Rule rule, long now) {
            while (true) {
                long full = fullAt.get();
                long start = full - now > 0 ? full : now;
                if (start - now > rule.tolerance()) {
                    return false;
                }
                if (fullAt.compareAndSet(full, start + rule.interval())) {
                    return true;
                }
            }
        }

        /**
         * Whether it can be forgotten: its bucket is full, no drops wait for a notice, and a notice about it
         * is not so recent that a new bucket's first notice would come too soon after it.
         */
        boolean idle(long now) {
            return fullAt.get() - now <= 0 && !reportDue.get()
                    && (!reported || now - lastReport >= REPORT_INTERVAL_NANOS);
        }
    }

    private final int maxHosts;
    private final EngineCounters counters;
    private final Consumer<Notice> notices;
    private final ScheduledExecutorService timer;
    private final LongSupplier clock;
    private final Map<InetAddress, Host> hosts = new ConcurrentHashMap<>();
    private final Host beyondBound;
    private final AtomicLong nextSweep;
    private volatile Rule rule = Rule.of(DEFAULT_RATE, DEFAULT_BURST);

    /**
     * @param notices where a flood is told (front ends)
     * @param timer   runs the notices, after a flood has lasted a little
     * @param clock   {@code System::nanoTime}, or a test's own
     */
    public FloodControl(int maxHosts, EngineCounters counters, Consumer<Notice> notices, ScheduledExecutorService timer,
            LongSupplier clock) {
        this.maxHosts = maxHosts;
        this.counters = counters;
        this.notices = notices;
        this.timer = timer;
        this.clock = clock;
        long now = clock.getAsLong();
        this.beyondBound = new Host(String.format(Locale.ROOT, "more than %,d hosts at once are flooding", maxHosts),
                now);
        this.nextSweep = new AtomicLong(now);
    }

    /**
     * Sets the limit; buckets keep their state, so a change applies from the next datagram.
     *
     * @param perSecond datagrams per second per host; 0 for no limit
     * @param burst     datagrams a host may send at once, after a quiet time; at least 1
     */
    /**
     * @return the most datagrams a second a node sends when receivers take {@code perSecond} from one host
     *         ({@link Double#POSITIVE_INFINITY} for no limit), as nodes of one network share a configuration
     */
    public static double sendCeiling(int perSecond) {
        return perSecond == 0 ? Double.POSITIVE_INFINITY : perSecond * SEND_SHARE;
    }

    /** @return the burst a node sends at once when receivers take {@code burst} from one host at once */
    public static double sendBurst(int burst) {
        return burst * SEND_SHARE;
    }

    public void limit(int perSecond, int burst) {
        if (perSecond < 0 || burst < 1) {
            throw new IllegalArgumentException("rate " + perSecond + " and burst " + burst);
        }
        this.rule = perSecond == 0 ? null : Rule.of(perSecond, burst);
    }

    /**
     * On a transport's receive thread, before anything else: never blocks and never throws.
     *
     * @return whether the datagram may be looked at; when not, it is counted as dropped
     */
    public boolean admit(InetSocketAddress source) {
        Rule r = rule;
        if (r == null || source == null || source.getAddress() == null) {
            return true;
        }
        long now = clock.getAsLong();
        Host host = host(source.getAddress(), now);
        if (host.take(r, now)) {
            return true;
        }
        counters.received.increment();
        counters.dropped(Reason.RATE_LIMITED);
        host.unreported.incrementAndGet();
        if (host.reportDue.compareAndSet(false, true)) {
            scheduleReport(host, now);
        }
        return false;
    }

    /** @return how many hosts have a bucket of their own now, for tests */
    int hostsTracked() {
        return hosts.size();
    }

    private Host host(InetAddress address, long now) {
        Host known = hosts.get(address);
        if (known != null) {
            return known;
        }
        if (hosts.size() >= maxHosts) {
            sweep(now);
            if (hosts.size() >= maxHosts) {
                return beyondBound;
            }
        }
        return hosts.computeIfAbsent(address, a -> new Host(a.getHostAddress() + " is flooding", now));
    }

    /** Forgets the hosts whose buckets are full again; at most once per sweep interval, whoever asks. */
    private void sweep(long now) {
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL_NANOS)) {
            return;
        }
        hosts.values().removeIf(h -> h.idle(now));
    }

    private void scheduleReport(Host host, long now) {
        long delay = FIRST_REPORT_NANOS;
        if (host.reported) {
            delay = Math.max(delay, host.lastReport + REPORT_INTERVAL_NANOS - now);
        }
        try {
            timer.schedule(() -> report(host), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is stopping: nobody is left to tell
        }
    }

    /**
     * Tells what was dropped of a host's traffic since its last notice. Due is cleared before the count is
     * drained: a drop in between schedules the next notice, which then reports it (or nothing, if this one
     * already counted it).
     */
    private void report(Host host) {
        host.lastReport = clock.getAsLong();
        host.reported = true;
        host.reportDue.set(false);
        long dropped = host.unreported.getAndSet(0);
        if (dropped > 0) {
            notices.accept(new Notice(null, Notice.Level.WARNING, String.format(Locale.ROOT,
                    "%s: %,d datagrams dropped in the last minute", host.flooding, dropped)));
        }
    }
}
