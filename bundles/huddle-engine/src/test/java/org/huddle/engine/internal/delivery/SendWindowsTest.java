package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Flow control's sending side on a clock the test holds: who holds a sender back, and for how long. */
class SendWindowsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final SendWindows windows = new SendWindows(nanos::get);

    private CompletableFuture<Long> awaitAsync(String room, long last) {
        return CompletableFuture.supplyAsync(() -> windows.await(room, last));
    }

    /** The future has not completed within a short look (it would complete at once if nothing held it). */
    private static void stillWaiting(CompletableFuture<Long> f) throws Exception {
        try {
            f.get(200, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException expected) {
            return;
        }
        throw new AssertionError("not held back");
    }

    @Test
    void withoutMembersThatAcknowledgeNobodyWaits() {
        assertEquals(0, windows.await("lobby", 1_000_000));
    }

    @Test
    void aSenderRunsAWindowAheadOfTheSlowestMemberAndWaitsBeyond() throws Exception {
        windows.acked("lobby", "bob", 10);
        windows.acked("lobby", "carol", 100);
        assertEquals(0, windows.await("lobby", 10 + SendWindows.WINDOW), "a window ahead of bob");
        CompletableFuture<Long> beyond = awaitAsync("lobby", 10 + SendWindows.WINDOW + 1);
        stillWaiting(beyond);
        windows.acked("lobby", "carol", 200); // not the slowest: changes nothing
        stillWaiting(beyond);
        windows.acked("lobby", "bob", 11);
        assertTrue(beyond.get(5, TimeUnit.SECONDS) > 0, "it waited, and says so");
        assertEquals(0, windows.await("other", 1_000_000), "rooms apart");
    }

    @Test
    void aMemberWhoseAcknowledgementStopsHoldsASenderBackForAtMostTheStallTime() throws Exception {
        windows.acked("lobby", "bob", 1);
        CompletableFuture<Long> waiting = awaitAsync("lobby", 1 + SendWindows.WINDOW + 1);
        stillWaiting(waiting);
        nanos.addAndGet(SendWindows.STALL_NANOS - 1);
        stillWaiting(waiting);
        nanos.addAndGet(1);
        assertEquals(SendWindows.STALL_NANOS, waiting.get(5, TimeUnit.SECONDS), "waited on the engine's clock");
        assertEquals(0, windows.await("lobby", 1_000_000), "a stalled member is passed by until it acknowledges again");
        windows.acked("lobby", "bob", 2);
        stillWaiting(awaitAsync("lobby", 2 + SendWindows.WINDOW + 1));
    }

    @Test
    void aMemberThatLeavesOrARoomLeftHoldsNobodyBack() throws Exception {
        windows.acked("lobby", "bob", 1);
        CompletableFuture<Long> waiting = awaitAsync("lobby", 1 + SendWindows.WINDOW + 1);
        stillWaiting(waiting);
        windows.left("lobby", "bob");
        assertTrue(waiting.get(5, TimeUnit.SECONDS) > 0);
        assertEquals(0, windows.members("lobby"));

        windows.acked("lobby", "carol", 1);
        CompletableFuture<Long> again = awaitAsync("lobby", 1 + SendWindows.WINDOW + 1);
        stillWaiting(again);
        windows.forget("lobby");
        again.get(5, TimeUnit.SECONDS);
    }

    @Test
    void anAcknowledgementGoingBackChangesNothing() {
        windows.acked("lobby", "bob", 50);
        windows.acked("lobby", "bob", 3);
        assertEquals(0, windows.await("lobby", 50 + SendWindows.WINDOW));
    }

    @Test
    void theMembersKeptAreBounded() {
        for (int i = 0; i < SendWindows.MAX_MEMBERS + 10; i++) {
            windows.acked("lobby", "m" + i, 1);
        }
        assertEquals(SendWindows.MAX_MEMBERS, windows.members("lobby"));
    }
}
