package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

public class ResendBudgetTest {

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

    @Test
    void aNodeThatSentMuchLastSecondMayResendAShareOfItAboveTheFloor() {
        AtomicLong now = new AtomicLong(5_000_000_000L);
        AtomicLong sent = new AtomicLong();
        ResendBudget budget = new ResendBudget(3, now::get, sent::get, 25);
        sent.addAndGet(400); // a burst in the first second
        now.addAndGet(1_000_000_000L);
        assertEquals(100, granted(budget, 1000), "a quarter of the 400 sent");
        now.addAndGet(1_000_000_000L); // then a quiet second: back to the floor
        assertEquals(3, granted(budget, 1000));
    }

    private static int granted(ResendBudget budget, int asked) {
        int granted = 0;
        for (int i = 0; i < asked; i++) {
            granted += budget.take() ? 1 : 0;
        }
        return granted;
    }
}
