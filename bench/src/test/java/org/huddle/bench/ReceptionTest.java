package org.huddle.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReceptionTest {

    private static byte[] payload(int round, long seq) {
        byte[] buf = Payload.buffer(80);
        Payload.stamp(buf, round, seq, System.nanoTime());
        return buf;
    }

    private static Map<String, String> fields(String summary) {
        Map<String, String> f = new HashMap<>();
        for (String w : summary.split(" ")) {
            f.put(w.substring(0, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
        }
        return f;
    }

    @Test
    void countsDistinctCopiesOutOfOrderAndForeignAndCompletesOnTheLastMissing() {
        Reception r = new Reception(3, 4);
        assertFalse(r.delivered(payload(3, 0), 0, 80));
        assertFalse(r.delivered(payload(3, 2), 0, 80));
        assertFalse(r.delivered(payload(3, 2), 0, 80), "a copy");
        assertFalse(r.delivered(payload(2, 1), 0, 80), "another round");
        assertFalse(r.delivered(payload(3, 4), 0, 80), "beyond the round's count");
        assertFalse(r.delivered(payload(3, 1), 0, 80), "late: out of order");
        assertTrue(r.delivered(payload(3, 3), 0, 80));
        Map<String, String> f = fields(r.summary());
        assertEquals("4", f.get("received"));
        assertEquals("1", f.get("duplicates"));
        assertEquals("1", f.get("outOfOrder"));
        assertEquals("2", f.get("foreign"));
    }

    @Test
    void percentilesAreNearestRankInMicroseconds() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = (i + 1) * 1000L;
        }
        assertEquals(50, Reception.percentile(sorted, 50));
        assertEquals(99, Reception.percentile(sorted, 99));
        assertEquals(100, Reception.percentile(sorted, 100));
        assertEquals(-1, Reception.percentile(new long[0], 50));
    }
}
