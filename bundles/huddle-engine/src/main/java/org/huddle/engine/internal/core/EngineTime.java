package org.huddle.engine.internal.core;

import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * The engine's two clocks, from one place so that a test can hold them: {@code nanos} measures intervals
 * (rate limits, budgets, holds, silence) and {@code clock} stamps and compares the wall time datagrams carry
 * (timestamps, the sealed rooms' clock rule). The timer's scheduling stays on real time: a test that holds
 * these still sees retries and answers happen.
 *
 * @param nanos {@code System::nanoTime}, or a test's own
 * @param clock the wall clock, UTC
 */
public record EngineTime(LongSupplier nanos, Clock clock) {

    public static final EngineTime SYSTEM = new EngineTime(System::nanoTime, Clock.systemUTC());

    public long millis() {
        return clock.millis();
    }
}
