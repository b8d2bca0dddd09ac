package org.huddle.bridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SourceLimitsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final InetSocketAddress FLOODER = new InetSocketAddress("10.0.0.66", 5000);
    private static final InetSocketAddress MARA = new InetSocketAddress("10.0.0.5", 7446);

    @Test
    void aFlooderGetsItsBurstThenItsRateAndOthersAreUntouched() {
        SourceLimits limits = new SourceLimits(1000, 2000, SourceLimits.MAX_HOSTS, 0);
        int admitted = 0;
        for (int i = 0; i < 5000; i++) {
            admitted += limits.admit(FLOODER, 0) ? 1 : 0;
        }
        assertEquals(2000, admitted, "the burst at once");
        assertFalse(limits.admit(FLOODER, 0));
        assertTrue(limits.admit(MARA, 0), "another host has its own bucket");
        admitted = 0;
        for (long t = 0; t < 1000 * MS; t += MS / 5) { // 5,000/s for a second
            admitted += limits.admit(FLOODER, t) ? 1 : 0;
        }
        assertTrue(admitted >= 990 && admitted <= 1010, "about the rate: " + admitted);
    }

    @Test
    void zeroIsNoLimitAndBadSettingsSaySo() {
        SourceLimits none = new SourceLimits(0, 1, 10, 0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(none.admit(FLOODER, 0));
        }
        assertThrows(IllegalArgumentException.class, () -> new SourceLimits(-1, 1, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new SourceLimits(10, 0, 10, 0));
    }

    @Test
    void forgedSourcesBeyondTheBoundShareOneBucket() {
        SourceLimits limits = new SourceLimits(10, 1, 100, 0);
        int admitted = 0;
        for (int i = 0; i < 1000; i++) {
            admitted += limits.admit(new InetSocketAddress("10.1." + (i / 250) + "." + (i % 250), 1), 0) ? 1 : 0;
        }
        assertEquals(100, limits.hostsTracked(), "bounded");
        assertEquals(101, admitted, "100 buckets of their own, then one shared");
    }
}
