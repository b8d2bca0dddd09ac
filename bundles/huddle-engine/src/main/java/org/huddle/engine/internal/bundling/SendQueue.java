package org.huddle.engine.internal.bundling;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

import org.huddle.api.transport.Membership;

/**
 * What this node says leaves through here, on one thread of the engine's ({@value #THREAD}), in the order it
 * was queued: callers queue a datagram and go on, and while that thread is busy sending, what queues up behind
 * is packed into {@link DatagramBundle}s on its next turn, up to the channel's datagram limit. With an empty
 * queue a datagram goes out at once, alone: bundling never waits for more (no Nagle delay), it only takes what a
 * backlog offers, as JGroups' transfer-queue bundler does.
 *
 * <p>The queue holds {@link #CAPACITY} datagrams: beyond that, {@link #put} waits, so a sender faster than the
 * network (or than the pace the thread keeps) is slowed where it says, not dropped. The pace is taken per
 * datagram that leaves, a bundle counting one.
 *
 * <p>Threads: any number of callers in {@link #put}; the sending thread alone takes from the queue, packs and
 * sends. Once closed, nothing more is queued: a caller waiting for room gives up within a tenth of a second.
 * No lock of the engine is held by either while sending; the queue is {@link ArrayBlockingQueue}'s own.
 */
public final class SendQueue implements AutoCloseable {

    /** The sending thread's name, as {@code jstack} shows it. */
    public static final String THREAD = "huddle-sender";

    /** Datagrams waiting at most: 2,048 datagrams are about 2.5 MB at the largest. */
    public static final int CAPACITY = 2048;

    /** How often a caller waiting for room in a full queue looks whether it was closed meanwhile. */
    private static final long PUT_RECHECK_MILLIS = 100;

    /** How long {@link #close} lets the thread send what was queued before it. */
    static final long CLOSE_MILLIS = 2000;

    /** One datagram to send, and how large a bundle it may start or join (0: it travels alone). */
    private record Item(String room, Membership membership, ByteBuffer datagram, int bundleLimit, CountDownLatch reached) {

        Item(String room, Membership membership, ByteBuffer datagram, int bundleLimit) {
            this(room, membership, datagram, bundleLimit, null);
        }
    }

    private static final Item END = new Item("", null, ByteBuffer.allocate(0), 0);

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final IntConsumer pace;
    private final LongAdder bundlesSent;
    private final LongAdder failures;
    private final BiConsumer<String, Exception> failed;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param pace        waits until that many more datagrams may leave (flow control); called on the sending thread
     * @param bundlesSent counts the bundles sent
     * @param failures    counts datagrams that could not be sent
     * @param failed      told the room and why, on the sending thread, for every datagram that could not be sent
     */
    public SendQueue(IntConsumer pace, LongAdder bundlesSent, LongAdder failures, BiConsumer<String, Exception> failed) {
        this.pace = pace;
        this.bundlesSent = bundlesSent;
        this.failures = failures;
        this.failed = failed;
        this.thread = new Thread(this::run, THREAD);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a datagram, waiting while the queue is full.
     *
     * @param room        named to {@code failed} when it cannot be sent
     * @param bundleLimit the most bytes a bundle it travels in may have on its channel, or 0 when it must travel
     *                    alone (the origin programs' wires)
     * @return whether it was queued: not once the queue is closed (the engine stops), nothing would send it
     * @throws InterruptedException when interrupted while waiting; nothing was queued then
     */
    public boolean put(String room, Membership membership, ByteBuffer datagram, int bundleLimit) throws InterruptedException {
        Item item = new Item(room, membership, datagram, bundleLimit);
        while (!closed) {
            if (queue.offer(item, PUT_RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits until everything queued before this call was sent (or failed): for tests that change the network
     * between two messages, and for those that look at what a peer received right after saying.
     *
     * @return whether it was, within the time given
     */
    public boolean flush(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch reached = new CountDownLatch(1);
        queue.put(new Item("", null, ByteBuffer.allocate(0), 0, reached));
        return reached.await(timeout, unit);
    }

    /** @return how many datagrams wait to be sent */
    public int waiting() {
        return queue.size();
    }

    private void run() {
        List<Item> batch = new ArrayList<>();
        List<ByteBuffer> parts = new ArrayList<>();
        try {
            while (true) {
                Item first = queue.take();
                if (first == END) {
                    return;
                }
                if (first.reached() != null) {
                    first.reached().countDown();
                    continue;
                }
                batch.clear();
                batch.add(first);
                int bytes = first.datagram().remaining();
                for (Item next = queue.peek(); joins(first, next, bytes, batch.size()); next = queue.peek()) {
                    batch.add(queue.poll());
                    bytes += next.datagram().remaining();
                }
                ByteBuffer out;
                if (batch.size() == 1) {
                    out = first.datagram();
                } else {
                    parts.clear();
                    batch.forEach(item -> parts.add(item.datagram()));
                    out = DatagramBundle.pack(parts);
                    bundlesSent.increment();
                }
                pace.accept(1);
                send(first, out, batch.size());
            }
        } catch (InterruptedException stopping) {
            // close() gave up waiting for the queue to empty: what is left is not sent
        }
    }

    /** Whether the next datagram in the queue can travel in the bundle that {@code first} starts. */
    private static boolean joins(Item first, Item next, int bytes, int count) {
        return next != null && next != END && next.reached() == null && first.bundleLimit() > 0 && next.membership() == first.membership()
                && next.bundleLimit() == first.bundleLimit()
                && DatagramBundle.size(bytes + next.datagram().remaining(), count + 1) <= first.bundleLimit();
    }

    private void send(Item first, ByteBuffer out, int datagrams) {
        try {
            first.membership().send(out);
        } catch (IOException | RuntimeException e) {
            // A bug in a transport must not end the thread that all of this node's messages leave through.
            failures.add(datagrams);
            failed.accept(first.room(), e);
        }
    }

    /** Sends what is queued (for up to {@link #CLOSE_MILLIS}), then ends the thread. */
    @Override
    public void close() {
        closed = true; // callers still waiting for room give up; what is queued goes out
        try {
            if (!queue.offer(END, CLOSE_MILLIS, TimeUnit.MILLISECONDS)) {
                thread.interrupt();
            }
            thread.join(CLOSE_MILLIS);
            if (thread.isAlive()) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
