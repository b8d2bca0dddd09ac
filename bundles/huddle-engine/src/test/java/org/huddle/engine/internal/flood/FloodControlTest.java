package org.huddle.engine.internal.flood;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.api.Notice;
import org.huddle.engine.internal.core.EngineCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-host limit on its own, on a clock of the test's: rates, bursts, many hosts, its bound, and how a
 * flood is told. Reports run on a real timer, so the tests that wait for one wait on a condition.
 */
public class FloodControlTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(7 * SECOND);
    private final EngineCounters counters = new EngineCounters();
    private final List<Notice> notices = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private FloodControl control(int maxHosts, int perSecond, int burst) {
        FloodControl control = new FloodControl(maxHosts, counters, n -> {
            synchronized (notices) {
                notices.add(n);
                notices.notifyAll();
            }
        }, timer, now::get);
        control.limit(perSecond, burst);
        return control;
    }

    private static InetSocketAddress host(int n) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(
                    new byte[] { 10, (byte) (n >> 16), (byte) (n >> 8), (byte) n }), 7446);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static int admitted(FloodControl control, InetSocketAddress source, int datagrams) {
        int admitted = 0;
        for (int i = 0; i < datagrams; i++) {
            admitted += control.admit(source) ? 1 : 0;
        }
        return admitted;
    }

    private long rateLimited() {
        return counters.snapshot(List.of()).dropped().get("rate-limited");
    }

    @Test
    void aBurstAtOnceThenTheRate() {
        FloodControl control = control(100, 1000, 2000);
        assertEquals(2000, admitted(control, host(1), 5000), "the burst, at one instant");
        assertEquals(3000, rateLimited());
        now.addAndGet(SECOND / 10);
        assertEquals(100, admitted(control, host(1), 5000), "a tenth of a second later: a tenth of the rate");
        for (int i = 0; i < 50; i++) {
            now.addAndGet(SECOND / 50);
            assertEquals(20, admitted(control, host(1), 1000), "a 50th of a second later: a 50th of the rate");
        }
    }

    @Test
    void aQuietTimeFillsTheBucketAgainButNoFurther() {
        FloodControl control = control(100, 1000, 2000);
        admitted(control, host(1), 5000);
        now.addAndGet(60 * SECOND);
        assertEquals(2000, admitted(control, host(1), 5000), "full again after a quiet minute, not 60,000");
    }

    @Test
    void aSteadySenderBelowTheRateLosesNothing() {
        FloodControl control = control(100, 1000, 1);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(control.admit(host(1)), "datagram " + i);
            now.addAndGet(SECOND / 1000);
        }
        assertEquals(0, rateLimited());
    }

    @Test
    void eachHostHasABucketOfItsOwn() {
        FloodControl control = control(100, 1000, 2000);
        assertEquals(2000, admitted(control, host(1), 100_000));
        for (int h = 2; h <= 50; h++) {
            assertEquals(2000, admitted(control, host(h), 2000), "host " + h + " while host 1 floods");
        }
        assertEquals(98_000, rateLimited());
    }

    @Test
    void noLimitAdmitsEverything() {
        FloodControl control = control(100, 0, 1);
        assertEquals(100_000, admitted(control, host(1), 100_000));
        assertEquals(0, control.hostsTracked());
    }

    @Test
    void aNewLimitAppliesToTheNextDatagram() {
        FloodControl control = control(100, 1000, 10);
        assertEquals(10, admitted(control, host(1), 100));
        control.limit(1000, 500);
        assertEquals(490, admitted(control, host(1), 1000), "the larger burst, less what was already taken");
        control.limit(0, 1);
        assertEquals(1000, admitted(control, host(1), 1000));
        assertThrows(IllegalArgumentException.class, () -> control.limit(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> control.limit(10, 0));
    }

    @Test
    void hostsWithFullBucketsAreForgottenWhenTheTableIsFull() {
        FloodControl control = control(100, 1000, 5);
        for (int h = 0; h < 100; h++) {
            admitted(control, host(h), 1);
        }
        assertEquals(100, control.hostsTracked());
        now.addAndGet(SECOND);
        assertEquals(5, admitted(control, host(1000), 10), "a new host, after the others' buckets filled up");
        assertEquals(1, control.hostsTracked(), "the full buckets were swept out");
    }

    @Test
    void hostsBeyondTheBoundShareOneBucketAndTheTableStaysBounded() {
        FloodControl control = control(100, 1000, 5);
        for (int h = 0; h < 100; h++) {
            assertEquals(5, admitted(control, host(h), 10));
        }
        // Forged addresses, all new and all at once: none finds room, so all share one bucket.
        int admitted = 0;
        for (int h = 100; h < 100_000; h++) {
            admitted += control.admit(host(h)) ? 1 : 0;
        }
        assertEquals(5, admitted);
        assertEquals(100, control.hostsTracked());
        assertEquals(0, admitted(control, host(3), 1), "a host with a bucket keeps its own");
    }

    @Test
    void aFloodIsToldOnceAfterItStartedThenAtMostOnceAMinute() throws InterruptedException {
        FloodControl control = control(100, 1000, 10);
        admitted(control, host(9), 48_221);
        Notice first = awaitNotice(1);
        assertEquals("10.0.0.9 is flooding: 48,211 datagrams dropped in the last minute", first.text());
        assertEquals(Notice.Level.WARNING, first.level());
        assertEquals(null, first.room());

        // On the test's clock the first notice was a moment ago: the next comes a minute after it.
        admitted(control, host(9), 5);
        admitted(control, host(10), 15);
        Notice other = awaitNotice(2);
        assertEquals("10.0.0.10 is flooding: 5 datagrams dropped in the last minute", other.text());
        assertEquals(2, noticeCount(), "host 9 is not told again within the minute");
    }

    @Test
    void floodsFromManyThreadsAreCountedExactly() throws InterruptedException {
        FloodControl control = control(100, 1000, 2000);
        int threads = 4;
        int each = 50_000;
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                admitted.addAndGet(admitted(control, host(1), each));
                done.countDown();
            }).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertEquals(2000, admitted.get(), "one clock instant: exactly the burst, whatever the interleaving");
        assertEquals(threads * each - 2000, rateLimited());
        assertFalse(control.admit(host(1)));
    }

    private Notice awaitNotice(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (notices) {
            while (notices.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no notice " + count + " within 10 s; so far " + notices);
                }
                TimeUnit.NANOSECONDS.timedWait(notices, left);
            }
            return notices.get(count - 1);
        }
    }

    private int noticeCount() {
        synchronized (notices) {
            return notices.size();
        }
    }
}
