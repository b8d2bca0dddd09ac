package org.huddle.engine.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

public class ReceiveWindowsTest {

    private static final long HOLD_MILLIS = 60;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<Long> delivered = new ArrayList<>();
    private final List<Long> lost = new ArrayList<>();
    private final InOrder recorder = new InOrder() {
        @Override
        public void deliver(ChatMessage message, Envelope.Fragment fragment) {
            synchronized (delivered) {
                delivered.add(message.sequence());
            }
        }

        @Override
        public void lost(String room, String senderId, String handle, long count) {
            synchronized (delivered) {
                lost.add(count);
            }
        }
    };
    private final ReceiveWindows windows = new ReceiveWindows(100, HOLD_MILLIS, timer, System::nanoTime, recorder);
    /** A window that asks for gaps (every 30 ms) and holds them long enough for any test to answer. */
    private final List<List<Envelope.Range>> requests = new CopyOnWriteArrayList<>();
    private final ReceiveWindows repaired = new ReceiveWindows(100, 5_000, timer, System::nanoTime, recorder,
            (room, sender, missing) -> requests.add(missing), 30);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static ChatMessage m(long seq) {
        return new ChatMessage("lobby", "0123456789abcdef", "bob", seq, Instant.EPOCH, "m" + seq, false);
    }

    private List<Long> delivered() {
        synchronized (delivered) {
            return List.copyOf(delivered);
        }
    }

    /** Waits (with a deadline, far above the hold time) until the timer has given up what it had to. */
    private void awaitDelivered(int count) throws InterruptedException {
        awaitUntil(() -> delivered().size() >= count, () -> "delivered so far: " + delivered());
    }

    private static void awaitUntil(BooleanSupplier condition, Supplier<String> what) {
        Await.until(Await.DEADLINE, condition::getAsBoolean, what);
    }

    @Test
    void inOrderMessagesAreDeliveredAtOnceAndCopiesDropped() {
        assertTrue(windows.offer(m(1)));
        assertTrue(windows.offer(m(2)));
        assertFalse(windows.offer(m(2)));
        assertFalse(windows.offer(m(1)));
        assertEquals(List.of(1L, 2L), delivered());
    }

    @Test
    void aMessageThatOvertookAnotherWaitsForIt() {
        windows.offer(m(1));
        windows.offer(m(3));
        assertEquals(List.of(1L), delivered());
        windows.offer(m(2));
        assertEquals(List.of(1L, 2L, 3L), delivered());
        assertEquals(List.of(), lost);
    }

    @Test
    void aGapThatLastsTheHoldTimeIsReportedLostAndWhatFollowsDelivered() throws Exception {
        windows.offer(m(1));
        windows.offer(m(4));
        windows.offer(m(5));
        awaitDelivered(3);
        assertEquals(List.of(1L, 4L, 5L), delivered());
        assertEquals(List.of(2L), lost);
        assertFalse(windows.offer(m(3)), "a message given up for lost is not delivered late, out of order");
        assertEquals(2, windows.lost.sum());
    }

    @Test
    void aSenderFirstHeardMidStreamStartsWhereItsFirstMessagesAreWithoutReportingLoss() throws Exception {
        windows.offer(m(42)); // 41 overtaken by 42 on another family
        windows.offer(m(41));
        awaitDelivered(2);
        assertEquals(List.of(41L, 42L), delivered());
        assertEquals(List.of(), lost);
        windows.offer(m(43));
        assertEquals(List.of(41L, 42L, 43L), delivered());
    }

    @Test
    void tooManyHeldMessagesGiveTheOldestGapUpAtOnce() throws Exception {
        windows.offer(m(1));
        LongStream.rangeClosed(3, 2 + ReceiveWindows.MAX_HELD + 1).forEach(s -> windows.offer(m(s)));
        // Offering 32,769 messages takes longer than the hold time: the timer may be giving the gap up, and
        // handing on what it released, while the last offers return; what it hands on is the same.
        awaitDelivered(ReceiveWindows.MAX_HELD + 2);
        assertEquals(ReceiveWindows.MAX_HELD + 2, delivered().size());
        synchronized (delivered) {
            assertEquals(List.of(1L), lost);
        }
    }

    @Test
    void aGapIsAskedForUntilItClosesAndOnlyForWhatIsMissing() throws Exception {
        repaired.offer(m(1));
        repaired.offer(m(4));
        repaired.offer(m(6));
        awaitUntil(() -> !requests.isEmpty(), () -> "a request");
        assertEquals(List.of(new Envelope.Range(2, 3), new Envelope.Range(5, 5)), requests.get(0));
        repaired.offer(m(2));
        repaired.offer(m(3));
        repaired.offer(m(5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), delivered());
        assertEquals(List.of(), lost);
    }

    @Test
    void aTailAnnouncedBeyondWhatArrivedIsAskedForAndDeliveredOnceResent() throws Exception {
        repaired.offer(m(1));
        repaired.offer(m(2));
        repaired.announced("lobby", "0123456789abcdef", "bob", 4);
        awaitUntil(() -> !requests.isEmpty(), () -> "a request");
        assertEquals(List.of(new Envelope.Range(3, 4)), requests.get(0));
        repaired.offer(m(3));
        repaired.offer(m(4));
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered());
        repaired.announced("lobby", "0123456789abcdef", "bob", 4); // the next hello: nothing missing any more
        assertEquals(List.of(), lost);
    }

    @Test
    void anAnnouncedTailNeverResentIsReportedLostAfterTheHoldTime() throws Exception {
        windows.offer(m(1));
        windows.announced("lobby", "0123456789abcdef", "bob", 3);
        awaitUntil(() -> windows.lost.sum() > 0, () -> "the tail given up");
        synchronized (delivered) {
            assertEquals(List.of(2L), lost);
        }
        assertFalse(windows.offer(m(3)), "a message given up for lost is not delivered late");
        assertTrue(windows.offer(m(4)));
        assertEquals(List.of(1L, 4L), delivered());
    }

    @Test
    void anAnnouncedTailBeyondAHeldGapIsAskedForWithIt() throws Exception {
        repaired.offer(m(1));
        repaired.offer(m(3));
        repaired.announced("lobby", "0123456789abcdef", "bob", 5);
        awaitUntil(() -> !requests.isEmpty(), () -> "a request");
        assertEquals(List.of(new Envelope.Range(2, 2), new Envelope.Range(4, 5)), requests.get(0));
    }

    @Test
    void announcementsOfASenderAlreadyCaughtUpWithChangeNothing() throws Exception {
        windows.offer(m(1));
        windows.offer(m(2));
        windows.announced("lobby", "0123456789abcdef", "bob", 2);
        windows.announced("lobby", "0123456789abcdef", "bob", 0);
        Thread.sleep(3 * HOLD_MILLIS); // the hold time passes: nothing may be reported (a wait for an absence)
        assertEquals(List.of(1L, 2L), delivered());
        assertEquals(List.of(), lost);
    }

    @Test
    void theRestOfALongMessageIsAskedForLikeATailButStartsNoWindow() throws Exception {
        repaired.expected("lobby", "0123456789abcdef", "bob", 5); // no window: unlike a hello, nothing starts
        assertTrue(repaired.offer(m(1)), "1 is news, not before a window started at 5");
        repaired.offer(m(2));
        repaired.expected("lobby", "0123456789abcdef", "bob", 4); // part 2 of 4 said two more follow
        awaitUntil(() -> !requests.isEmpty(), () -> "a request");
        assertEquals(List.of(new Envelope.Range(3, 4)), requests.get(0));
        repaired.offer(m(3));
        repaired.offer(m(4));
        assertEquals(List.of(1L, 2L, 3L, 4L), delivered());
    }

    @Test
    void theFirstHelloOfASenderStartsItsWindowWhatCameBeforeIsHistory() throws Exception {
        repaired.announced("lobby", "0123456789abcdef", "bob", 7); // said 7 before this node was there
        repaired.offer(m(9));
        awaitUntil(() -> !requests.isEmpty(), () -> "a request for 8, and only 8");
        assertEquals(List.of(new Envelope.Range(8, 8)), requests.get(0));
        repaired.offer(m(8));
        awaitUntil(() -> delivered().size() == 2, () -> "8 and 9 delivered: " + delivered());
        assertEquals(List.of(8L, 9L), delivered());
    }

    /**
     * A delivery, a loss and a NACK are handed on with no window locked: another thread can read every window
     * meanwhile (it would wait for the lock otherwise, and the hand-on would wait for it: caught by the deadline).
     */
    @Test
    void whatAWindowDecidesIsHandedOnAfterItsLock() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ReceiveWindows[] self = new ReceiveWindows[1];
        Runnable readFromAnotherThread = () -> {
            try {
                CompletableFuture.supplyAsync(() -> self[0].held()).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a window was locked while handing on", e);
            }
        };
        self[0] = new ReceiveWindows(100, HOLD_MILLIS, timer, System::nanoTime, new InOrder() {
            @Override
            public void deliver(ChatMessage message, Envelope.Fragment fragment) {
                readFromAnotherThread.run();
                seen.add("delivered " + message.sequence());
            }

            @Override
            public void lost(String room, String senderId, String handle, long count) {
                readFromAnotherThread.run();
                seen.add("lost " + count);
            }
        }, (room, sender, missing) -> {
            readFromAnotherThread.run();
            seen.add("asked for " + missing);
        }, 30);
        self[0].offer(m(1));
        self[0].offer(m(3)); // 2 is asked for, then given up after the hold time
        Await.until(Await.DEADLINE, () -> seen.contains("delivered 3"), () -> "seen: " + seen);
        assertEquals(List.of("delivered 1", "asked for [Range[from=2, to=2]]", "lost 1", "delivered 3"),
                seen.stream().distinct().toList());
    }
}
