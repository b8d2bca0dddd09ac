package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Test;

public class SendPaceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LongAdder waits = new LongAdder();
    private final LongAdder cuts = new LongAdder();
    private final SendPace pace = new SendPace(now::get, waits, cuts);

    /** Sends {@code count} datagrams one by one at {@code perSecond}, as a sender that is never held up would. */
    private long seq;

    private long sendAt(int count, double perSecond) {
        long waited = 0;
        for (int i = 0; i < count; i++) {
            seq++;
            waited += pace.reserve(1);
            now.addAndGet((long) (1e9 / perSecond));
        }
        return waited;
    }

    @Test
    void nothingWaitsWhileNobodyAsksAgain() {
        assertEquals(0, sendAt(100_000, 200_000));
        assertEquals(Double.POSITIVE_INFINITY, pace.rate());
    }

    @Test
    void aNackHalvesTheRateMeasuredAndSendingAboveItWaits() {
        sendAt(10_000, 100_000);
        pace.congested("r", seq, seq);
        assertEquals(50_000, pace.rate(), 5_000);
        assertEquals(1, cuts.sum());
        // 1,000 datagrams at twice the allowed rate: about 10 ms spent, the rest of 20 ms owed as waiting
        long waited = sendAt(1_000, 100_000);
        assertTrue(waited > TimeUnit.MILLISECONDS.toNanos(5), "waited " + waited + " ns");
    }

    @Test
    void nacksForNewLossesCutAtMostOncePerInterval() {
        sendAt(10_000, 100_000);
        for (int i = 1; i <= 10; i++) {
            pace.congested("r", seq + i, seq + i);
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals(1, cuts.sum());
        now.addAndGet(SendPace.CUT_INTERVAL_NANOS);
        pace.congested("r", seq + 20, seq + 20);
        assertEquals(2, cuts.sum());
    }

    @Test
    void aNackForWhatWasLostBeforeTheLastCutDoesNotCutAgain() {
        sendAt(10_000, 100_000);
        long before = seq;
        pace.congested("r", before - 100, before);
        now.addAndGet(10 * SendPace.CUT_INTERVAL_NANOS);
        pace.congested("r", before - 50, before + 10);
        assertEquals(1, cuts.sum(), "the same loss asked for again");
        pace.congested("r", before + 5, before + 10);
        assertEquals(2, cuts.sum(), "a loss after the cut");
        pace.congested("other", 3, 3);
        now.addAndGet(SendPace.CUT_INTERVAL_NANOS);
        pace.congested("other", 3, 3);
        assertEquals(3, cuts.sum(), "each room its own mark");
    }

    @Test
    void neverBelowTheFloorWhateverIsAsked() {
        sendAt(100, 1_000);
        for (int i = 0; i < 50; i++) {
            pace.congested("r", seq, seq);
            now.addAndGet(SendPace.CUT_INTERVAL_NANOS);
        }
        assertEquals(SendPace.FLOOR, pace.rate(), 1e-9 + SendPace.FLOOR * 0.1);
    }

    @Test
    void theRateGrowsBackAndIsReleasedAfterQuiet() {
        sendAt(10_000, 100_000);
        pace.congested("r", seq, seq);
        double cut = pace.rate();
        sendAt(1_000, 1_000); // one second of slow sending, no NACK
        assertTrue(pace.rate() > cut * 1.5, "grew to " + pace.rate() + " from " + cut);
        sendAt(1_100, 1_000);
        assertEquals(Double.POSITIVE_INFINITY, pace.rate(), "released after " + SendPace.RELEASE_NANOS + " ns");
    }

    @Test
    void switchedOffNothingWaits() {
        pace.enabled(false);
        sendAt(10_000, 100_000);
        pace.congested("r", seq, seq);
        assertEquals(0, sendAt(10_000, 100_000));
        assertEquals(0, cuts.sum());
    }

    @Test
    void repairTakesFromTheCeilingWithoutWaitingUpToAQuarterBurstOfDebtThatSendingRepays() {
        pace.ceiling(800, 1_600);
        int taken = 0;
        while (pace.takeForRepair()) {
            taken++;
        }
        // the whole burst, then a quarter of it as debt, and no more at this instant
        assertEquals(1_600 + 400, taken);
        // the sending thread repays the debt: its next datagram waits for the 400 and itself at 800 a second
        long wait = pace.reserve(1);
        assertEquals(401 / 800.0, wait / 1e9, 0.01);
        // repair is not refused forever: the bucket fills again with time
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(pace.takeForRepair());
    }

    @Test
    void withoutACeilingRepairIsNeverHeld() {
        for (int i = 0; i < 100_000; i++) {
            assertTrue(pace.takeForRepair());
        }
    }
}
