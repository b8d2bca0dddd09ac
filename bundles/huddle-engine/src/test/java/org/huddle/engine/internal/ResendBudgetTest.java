package org.huddle.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ResendBudgetTest {

    @Test
    void atMostTheBudgetPerSecondThenAgainAfterASecond() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        ResendBudget budget = new ResendBudget(3, now::get);
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += budget.take() ? 1 : 0;
        }
        assertEquals(3, granted);
        now.addAndGet(999_000_000L);
        assertEquals(false, budget.take());
        now.addAndGet(1_000_000L);
        assertEquals(true, budget.take());
    }
}
