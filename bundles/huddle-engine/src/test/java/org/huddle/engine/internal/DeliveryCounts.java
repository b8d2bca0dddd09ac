package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.huddle.testing.Await;

/** An engine's {@code delivery.} counters as tests read and wait for them. */
final class DeliveryCounts {

    /** History sync answers within a few retry intervals of a second each. */
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private DeliveryCounts() {
    }

    static long of(ChatEngine who, String counter) {
        return who.stats().delivery().get(counter);
    }

    /** Waits for a counter to reach {@code expected}, then checks it went no further. */
    static void await(ChatEngine who, String counter, long expected) {
        Await.until(DEADLINE, () -> of(who, counter) >= expected,
                () -> counter + " to reach " + expected + ": " + who.stats().delivery());
        assertEquals(expected, of(who, counter), who.stats().delivery().toString());
    }
}
