package org.huddle.engine.internal.bundling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.Channel;
import org.huddle.api.transport.MalformedDatagramException;
import org.huddle.api.transport.Membership;
import org.huddle.api.transport.MessageCodec;
import org.huddle.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendQueueTest {

    private static final int LIMIT = MessageCodec.MAX_DATAGRAM;

    private final LongAdder bundles = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final LongAdder paced = new LongAdder();
    private final SendQueue queue = new SendQueue(paced::add, bundles, failures, (room, why) -> told.add(room + ": "
            + why.getMessage()));

    @AfterEach
    void close() {
        queue.close();
    }

    /** Records what it sends; the first send can be held until released, to build up a backlog behind it. */
    private static final class Recording implements Membership {
        final List<ByteBuffer> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch firstTaken = new CountDownLatch(1);
        final CountDownLatch release;
        IOException failWith;

        Recording(boolean holdFirst) {
            release = new CountDownLatch(holdFirst ? 1 : 0);
        }

        @Override
        public Channel channel() {
            return null;
        }

        @Override
        public void send(ByteBuffer datagram) throws IOException {
            firstTaken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failWith != null) {
                throw failWith;
            }
            sent.add(ByteBuffer.allocate(datagram.remaining()).put(datagram.duplicate()).flip());
        }

        @Override
        public void close() {
        }
    }

    private static ByteBuffer datagram(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(ByteBuffer sent) throws MalformedDatagramException {
        List<String> texts = new ArrayList<>();
        for (ByteBuffer part : DatagramBundle.isBundle(sent) ? DatagramBundle.split(sent) : List.of(sent)) {
            texts.add(StandardCharsets.UTF_8.decode(part.duplicate()).toString());
        }
        return texts;
    }

    @Test
    void withNothingQueuedADatagramGoesAtOnceAlone() throws Exception {
        Recording m = new Recording(false);
        queue.put("lobby", m, datagram("{\"one\":1}"), LIMIT);
        Await.until(() -> m.sent.size() == 1, "the datagram sent");
        assertEquals(List.of("{\"one\":1}"), texts(m.sent.get(0)));
        assertFalse(DatagramBundle.isBundle(m.sent.get(0)), "alone, not a bundle of one");
        assertEquals(0, bundles.sum());
        assertEquals(1, paced.sum(), "paced per datagram");
    }

    @Test
    void whatQueuesBehindABusySendLeavesInBundlesInOrderWithinTheLimit() throws Exception {
        Recording m = new Recording(true);
        queue.put("lobby", m, datagram("first"), LIMIT);
        assertTrue(m.firstTaken.await(5, TimeUnit.SECONDS));
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 20; i++) {
            String text = String.format("%03d", i) + "x".repeat(200);
            expected.add(text);
            queue.put("lobby", m, datagram(text), LIMIT);
        }
        m.release.countDown();
        assertTrue(queue.flush(5, TimeUnit.SECONDS));
        List<String> got = new ArrayList<>();
        for (ByteBuffer sent : m.sent) {
            assertTrue(sent.remaining() <= LIMIT, sent.remaining() + " bytes");
            got.addAll(texts(sent));
        }
        assertEquals(expected, got, "every datagram once, in the order queued");
        // 1 alone, then 20 of 203 bytes: five fit a bundle (3 + 5 * 205 = 1,028; six would be 1,233)
        assertEquals(1 + 4, m.sent.size());
        assertEquals(4, bundles.sum());
        assertEquals(5, paced.sum(), "a bundle is paced as one datagram");
    }

    @Test
    void bundlesNeverMixMembershipsOrTakeWhatMustTravelAlone() throws Exception {
        Recording a = new Recording(true);
        Recording b = new Recording(false);
        queue.put("lobby", a, datagram("a0"), LIMIT);
        assertTrue(a.firstTaken.await(5, TimeUnit.SECONDS));
        queue.put("lobby", a, datagram("a1"), LIMIT);
        queue.put("lobby", a, datagram("a2"), LIMIT);
        queue.put("other", b, datagram("b1"), LIMIT);
        queue.put("other", b, datagram("b2"), 0); // the origin programs' wires: alone
        queue.put("other", b, datagram("b3"), 0);
        a.release.countDown();
        assertTrue(queue.flush(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("a0"), List.of("a1", "a2")), List.of(texts(a.sent.get(0)), texts(a.sent.get(1))));
        assertEquals(3, b.sent.size(), "b1 starts no bundle with b2, and b2 and b3 travel alone");
        for (ByteBuffer sent : b.sent) {
            assertFalse(DatagramBundle.isBundle(sent));
        }
    }

    @Test
    void aFailedSendIsCountedAndToldAndTheThreadGoesOn() throws Exception {
        Recording broken = new Recording(false);
        broken.failWith = new IOException("network is unreachable");
        Recording fine = new Recording(false);
        queue.put("lobby", broken, datagram("lost"), LIMIT);
        queue.put("other", fine, datagram("fine"), LIMIT);
        assertTrue(queue.flush(5, TimeUnit.SECONDS));
        assertEquals(1, failures.sum());
        assertEquals(List.of("lobby: network is unreachable"), told);
        assertEquals(List.of("fine"), texts(fine.sent.get(0)));
    }

    @Test
    void closingSendsWhatWasQueuedFirst() throws Exception {
        Recording m = new Recording(true);
        queue.put("lobby", m, datagram("first"), LIMIT);
        assertTrue(m.firstTaken.await(5, TimeUnit.SECONDS));
        queue.put("lobby", m, datagram("second"), LIMIT);
        new Thread(m.release::countDown).start();
        queue.close();
        List<String> got = new ArrayList<>();
        for (ByteBuffer sent : m.sent) {
            got.addAll(texts(sent));
        }
        assertEquals(List.of("first", "second"), got);
    }

    @Test
    void onceClosedNothingIsQueuedAndACallerWaitingForRoomGivesUp() throws Exception {
        Recording held = new Recording(true);
        queue.put("lobby", held, datagram("first"), LIMIT);
        assertTrue(held.firstTaken.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < SendQueue.CAPACITY; i++) {
            assertTrue(queue.put("lobby", held, datagram("q" + i), LIMIT));
        }
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.put("lobby", held, datagram("one too many"), LIMIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        CompletableFuture.runAsync(queue::close);
        assertFalse(waiting.get(10, TimeUnit.SECONDS), "gave up once closed");
        assertFalse(queue.put("lobby", held, datagram("after"), LIMIT));
        held.release.countDown();
    }
}
