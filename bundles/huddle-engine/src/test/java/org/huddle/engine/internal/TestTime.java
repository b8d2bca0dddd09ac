package org.huddle.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.huddle.engine.internal.core.EngineTime;

/**
 * An engine's clocks as a test holds them: intervals stand still until {@link #advance} moves them, so a
 * count bound to time (a rate limit, a budget per second) comes out the same however slow the machine is;
 * the wall clock runs on from the real one, shifted by {@link #shift} and {@link #advance}, as a host whose
 * clock is set apart from its peers'.
 */
final class TestTime {

    private final AtomicLong nanos = new AtomicLong(System.nanoTime());
    private final AtomicLong wallOffsetMillis = new AtomicLong();

    /** @return clocks whose wall time is {@code offset} from the real one */
    static TestTime shifted(Duration offset) {
        TestTime t = new TestTime();
        t.shift(offset);
        return t;
    }

    /** Moves both clocks on by {@code d}, as if that much time went by at once. */
    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        wallOffsetMillis.addAndGet(d.toMillis());
    }

    /** Sets the wall clock {@code d} further from the real one, as an administrator would. */
    void shift(Duration d) {
        wallOffsetMillis.addAndGet(d.toMillis());
    }

    EngineTime engineTime() {
        return new EngineTime(nanos::get, new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("UTC only");
            }

            @Override
            public long millis() {
                return System.currentTimeMillis() + wallOffsetMillis.get();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }
        });
    }
}
