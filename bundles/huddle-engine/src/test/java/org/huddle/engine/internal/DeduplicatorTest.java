package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    @Test
    void recognisesCopiesInAndOutOfOrder() {
        Deduplicator d = new Deduplicator(10);
        assertTrue(d.firstTime("s", "r", 1));
        assertTrue(d.firstTime("s", "r", 3));
        assertTrue(d.firstTime("s", "r", 2));
        assertFalse(d.firstTime("s", "r", 1));
        assertFalse(d.firstTime("s", "r", 2));
        assertFalse(d.firstTime("s", "r", 3));
        assertTrue(d.firstTime("s", "other", 1));
        assertTrue(d.firstTime("t", "r", 1));
    }

    @Test
    void aLargeJumpStartsAFreshWindow() {
        Deduplicator d = new Deduplicator(10);
        assertTrue(d.firstTime("s", "r", 1));
        assertTrue(d.firstTime("s", "r", 1000));
        assertTrue(d.firstTime("s", "r", 999));
        assertFalse(d.firstTime("s", "r", 900)); // too old to tell: never shown twice
    }

    @Test
    void forgetsTheLeastRecentlyHeardSenderWhenFull() {
        Deduplicator d = new Deduplicator(2);
        d.firstTime("a", "r", 5);
        d.firstTime("b", "r", 5);
        d.firstTime("c", "r", 5);
        assertTrue(d.firstTime("a", "r", 5)); // a was forgotten
        assertFalse(d.firstTime("c", "r", 5));
    }
}
