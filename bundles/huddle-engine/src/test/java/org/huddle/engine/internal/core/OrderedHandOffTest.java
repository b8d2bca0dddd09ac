package org.huddle.engine.internal.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class OrderedHandOffTest {

    private final OrderedHandOff handOff = new OrderedHandOff();
    private final List<Integer> ran = new ArrayList<>();

    /** Two threads deciding under one lock: what they decided runs once each, in the order decided. */
    @Test
    void tasksRunOnceInTheOrderTheyWereAddedWhicheverThreadRunsThem() throws Exception {
        Object lock = new Object();
        int[] next = { 0 };
        Runnable decide = () -> {
            for (int i = 0; i < 10_000; i++) {
                synchronized (lock) {
                    int n = next[0]++;
                    handOff.add(() -> ran.add(n)); // ran is touched by one thread at a time: the one running
                }
                handOff.run();
            }
        };
        Thread other = new Thread(decide);
        other.start();
        decide.run();
        other.join();
        handOff.run();
        assertEquals(20_000, ran.size());
        for (int i = 0; i < ran.size(); i++) {
            assertEquals(i, ran.get(i), "task " + i);
        }
    }

    /** While one thread runs the queue, another's run returns at once; the first takes the added task too. */
    @Test
    void aRunWhileAnotherIsUnderWayLeavesTheTaskToIt() throws Exception {
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        handOff.add(() -> {
            inFirst.countDown();
            await(release);
            ran.add(1);
        });
        Thread first = new Thread(handOff::run);
        first.start();
        await(inFirst);
        handOff.add(() -> ran.add(2));
        handOff.run(); // returns at once
        assertEquals(List.of(), ran);
        release.countDown();
        first.join(5_000);
        assertEquals(List.of(1, 2), ran);
        assertEquals(0, handOff.pending());
    }

    @Test
    void aTaskThatThrowsLetsTheNextRunGoOn() {
        handOff.add(() -> {
            throw new IllegalStateException("a bug");
        });
        handOff.add(() -> ran.add(2));
        assertThrows(IllegalStateException.class, handOff::run);
        handOff.add(() -> ran.add(3));
        handOff.run();
        assertEquals(List.of(2, 3), ran);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
