package org.huddle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end with its cheapest system: two JVMs on loopback (raw multicast pinned to lo,
 * TTL 1), driven through the line protocol, summed up into a round. Guards the plumbing that bench/run
 * relies on, since the benchmark itself is not part of the build.
 */
class MemberGroupTest {

    @Test
    void aPacedRoundOnLoopbackArrivesWholeAndIsSummedUp(@TempDir Path logs) throws Exception {
        try (MemberGroup group = new MemberGroup("raw", 2, BenchRun.JVM_FLAGS, logs, BenchNet.LOOPBACK)) {
            RoundResult r = group.round(80, 500, 5_000);
            assertEquals("raw", r.system());
            assertEquals("lo", r.net());
            assertEquals(1, r.receivers());
            assertEquals(500, r.received(), "500 datagrams at 5,000/s on loopback");
            assertEquals(0.0, r.lossPercent());
            assertEquals(0, r.duplicates());
            assertTrue(r.p50Micros() >= 0 && r.p50Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros(), r.toString());
            assertTrue(r.sendSeconds() >= 0.09, "paced: 500 at 5,000/s take 0.1 s, not " + r.sendSeconds());
            RoundResult second = group.round(1024, 200, 5_000);
            assertEquals(200, second.received(), "a second round in the same JVMs");
        }
    }
}
