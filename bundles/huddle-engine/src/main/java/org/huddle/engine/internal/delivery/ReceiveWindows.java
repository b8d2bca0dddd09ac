package org.huddle.engine.internal.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.huddle.api.ChatMessage;
import org.huddle.api.transport.Envelope;
import org.huddle.engine.internal.core.OrderedHandOff;

/**
 * Delivers each sender's messages in a room once and in their order (FIFO per sender). A message that comes
 * after a gap is held back until the missing ones arrive, or until they have been missing for the hold time:
 * then what follows is delivered and the gap reported as lost, so nothing waits forever. Copies (the same
 * message over two interfaces or both address families) are recognised and dropped.
 *
 * <p>A sender's window starts where its first {@code hello} in the room says it is: what it said before
 * is history. A sender heard before its hello, in the middle of its numbering (this node joined late),
 * starts a window there after a short settling time, since over two families the second message may
 * overtake the first; one heard at a low sequence has probably just started: what came before is asked
 * for like any other gap (and what of it turns out older than this node's join goes to history: RoomDelivery).
 *
 * <p>Decided under each window's lock, handed on after it (an {@link OrderedHandOff} per window): deliveries
 * and losses in the order decided, NACKs as each request is made; nothing reaches the rest of the engine, its
 * history files or the network while a window is locked.
 *
 * <p>Bounded whatever arrives: at most {@code maxStreams} windows (the least recently heard forgotten first)
 * and {@link #MAX_HELD} held messages each (beyond that the oldest gap is given up at once).
 */
public final class ReceiveWindows {

    /**
     * Held back at most per window: half a second at full speed on loopback. Fewer (it was 1,000), and a
     * receiver that falls behind a fast sender gave a gap up before its first NACK went out. The hold time
     * and the flood limit bound what anyone can make a node hold in all.
     */
    public static final int MAX_HELD = 32_768;

    /**
     * A sender first heard at a sequence up to this is taken to have just started, and its first messages to
     * have been lost on the way: they are asked for. Beyond it this node joined late, and the window starts
     * where it first heard the sender, after {@link #SETTLE_MILLIS}.
     */
    static final long EARLY = 16;

    /** How long a window first heard mid-stream waits for a message that overtook another before it starts. */
    static final long SETTLE_MILLIS = 200;

    /** At most this many ranges in one request, so a NACK always fits one datagram. */
    static final int MAX_RANGES = 32;

    /** A copy over the other family usually closes a gap within a millisecond: ask only when it did not. */
    private static final long FIRST_REQUEST_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Map<String, SenderWindow> windows;
    private final ScheduledExecutorService timer;
    private volatile long holdNanos;
    private final LongSupplier clock;
    private final InOrder delivery;
    private final RepairRequest repair;
    private volatile long requestIntervalNanos;
    final LongAdder lost = new LongAdder();
    final LongAdder requests = new LongAdder();

    /**
     * @param hold  how long a gap may last, in milliseconds, before what it holds back is delivered
     * @param clock {@code System::nanoTime}, or a test's own
     */
    ReceiveWindows(int maxStreams, long hold, ScheduledExecutorService timer, LongSupplier clock, InOrder delivery) {
        this(maxStreams, hold, timer, clock, delivery, null, 0);
    }

    /**
     * @param repair          asks senders for missing messages, or {@code null}
     * @param requestInterval milliseconds between requests while a gap lasts
     */
    ReceiveWindows(int maxStreams, long hold, ScheduledExecutorService timer, LongSupplier clock, InOrder delivery,
            RepairRequest repair, long requestInterval) {
        this.windows = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SenderWindow> eldest) {
                return size() > maxStreams;
            }
        };
        this.holdNanos = TimeUnit.MILLISECONDS.toNanos(hold);
        this.timer = timer;
        this.clock = clock;
        this.delivery = delivery;
        this.repair = repair;
        this.requestIntervalNanos = TimeUnit.MILLISECONDS.toNanos(requestInterval);
    }

    /** Changes how often a gap is asked for again, from the next request on. */
    void requestInterval(long millis) {
        requestIntervalNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Changes the hold time for gaps from now on. */
    void hold(long millis) {
        holdNanos = TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /**
     * Forgets every sender's window in a room this node left: what was said while it was away is history
     * (synced on the next join), not a gap to repair and deliver as if new. Timer tasks of a forgotten
     * window find nothing held and nothing missing, and end.
     */
    void forget(String room) {
        List<SenderWindow> gone = new ArrayList<>();
        synchronized (windows) {
            windows.values().removeIf(w -> w.room.equals(room) && gone.add(w));
        }
        for (SenderWindow w : gone) {
            synchronized (w) {
                w.held.clear();
                w.announced = 0;
            }
        }
    }

    /** @return how many senders' windows are kept */
    public int size() {
        synchronized (windows) {
            return windows.size();
        }
    }

    /** @return how many messages all windows hold back */
    public int held() {
        List<SenderWindow> all;
        synchronized (windows) {
            all = List.copyOf(windows.values());
        }
        int held = 0;
        for (SenderWindow w : all) {
            synchronized (w) {
                held += w.held.size();
            }
        }
        return held;
    }

    /** @return {@code false} when the message is a copy of one delivered or held already */
    boolean offer(ChatMessage m) {
        return offer(m, null);
    }

    /**
     * @param fragment the message's place in a longer text, handed on with it; {@code null} when whole
     * @return {@code false} when the message is a copy of one delivered or held already
     */
    boolean offer(ChatMessage m, Envelope.Fragment fragment) {
        SenderWindow w;
        synchronized (windows) {
            w = windows.computeIfAbsent(m.senderId() + '\u0000' + m.room(), k -> new SenderWindow(m.room(), m.senderId()));
        }
        synchronized (w) {
            w.handle = m.handle();
            long seq = m.sequence();
            if ((w.based && seq <= w.delivered) || (!w.held.isEmpty() && w.held.containsKey(seq))) {
                return false;
            }
            if (!w.based && seq == 1) {
                w.based = true; // the sender's very first message: nothing can be missing before it
                w.delivered = 0;
            }
            if (w.based && seq == w.delivered + 1) {
                deliver(w, m, fragment);
                drain(w);
            } else {
                hold(w, m, fragment);
            }
        }
        w.out.run();
        return true;
    }

    /**
     * The sender says (in its {@code hello}) that its highest sequence in the room is {@code highest}.
     *
     * <p>From a sender not heard in the room yet, that is where its window starts: what it said before is
     * from before this node joined (history sync brings it, not delivery), and what follows is counted from
     * there, so the loss of its next messages, even of all of them, is noticed.
     *
     * <p>When it is beyond what arrived, the last messages of a burst were lost, which no later message would
     * reveal: they are asked for like any gap, and given up after the hold time.
     */
    void announced(String room, String senderId, String handle, long highest) {
        SenderWindow w;
        synchronized (windows) {
            w = windows.get(senderId + '\u0000' + room);
            if (w == null) {
                SenderWindow first = new SenderWindow(room, senderId);
                first.based = true;
                first.delivered = highest;
                first.handle = handle;
                windows.put(senderId + '\u0000' + room, first);
                return;
            }
        }
        synchronized (w) {
            expectUpTo(w, handle, highest);
        }
        w.out.run();
    }

    /**
     * The sender's numbering goes at least up to {@code highest}, as the parts of a long message show (each
     * says how many follow it): what is not in yet is asked for like a gap, and given up after the hold
     * time, as after a {@code hello}. Unlike a {@code hello}, this starts no window.
     */
    void expected(String room, String senderId, String handle, long highest) {
        SenderWindow w;
        synchronized (windows) {
            w = windows.get(senderId + '\u0000' + room);
        }
        if (w != null) {
            synchronized (w) {
                expectUpTo(w, handle, highest);
            }
            w.out.run();
        }
    }

    private void expectUpTo(SenderWindow w, String handle, long highest) {
        if (!w.based || highest <= w.announced) {
            return;
        }
        boolean wasMissing = w.tailMissing();
        w.announced = highest;
        w.handle = handle;
        if (!w.tailMissing()) {
            return;
        }
        if (!wasMissing) {
            w.announcedAt = clock.getAsLong();
        }
        if (!w.checkPending) {
            w.checkPending = true;
            schedule(w, w.announcedAt + holdNanos - clock.getAsLong());
        }
        if (repair != null && !w.requestPending) {
            w.requestPending = true;
            later(() -> request(w), FIRST_REQUEST_NANOS);
        }
    }

    /** A window that joined mid-stream only settles; a gap that may be repaired waits the full hold time. */
    private long waitNanos(SenderWindow w) {
        return !w.based && w.held.firstKey() > EARLY ? Math.min(holdNanos, TimeUnit.MILLISECONDS.toNanos(SETTLE_MILLIS))
                : holdNanos;
    }

    private void hold(SenderWindow w, ChatMessage m, Envelope.Fragment fragment) {
        w.held.put(m.sequence(), new SenderWindow.Held(m, fragment, clock.getAsLong()));
        if (w.held.size() > MAX_HELD) {
            giveUp(w);
        }
        if (!w.checkPending && !w.held.isEmpty()) {
            w.checkPending = true;
            schedule(w, w.held.firstEntry().getValue().arrived() + waitNanos(w) - clock.getAsLong());
        }
        if (repair != null && (w.based || w.held.firstKey() <= EARLY) && !w.requestPending && !w.held.isEmpty()) {
            w.requestPending = true;
            later(() -> request(w), FIRST_REQUEST_NANOS);
        }
    }

    /** Runs on the timer while a gap lasts: asks for what is missing, then again after the interval. */
    private void request(SenderWindow w) {
        List<Envelope.Range> missing;
        synchronized (w) {
            w.requestPending = false;
            missing = missing(w);
            if (missing.isEmpty()) {
                return;
            }
            requests.increment();
            w.requestPending = true;
            later(() -> request(w), requestIntervalNanos);
        }
        repair.request(w.room, w.senderId, missing); // a NACK goes out after the lock
    }

    /**
     * The gaps between what was delivered (or the sender's start) and the highest message held or announced,
     * oldest first.
     */
    private static List<Envelope.Range> missing(SenderWindow w) {
        List<Envelope.Range> missing = new ArrayList<>();
        if (w.tailMissing() && w.held.isEmpty()) {
            missing.add(new Envelope.Range(w.delivered + 1, w.announced));
            return missing;
        }
        if (w.held.isEmpty() || (!w.based && w.held.firstKey() > EARLY)) {
            return missing;
        }
        long next = w.based ? w.delivered + 1 : 1;
        for (long held : w.held.keySet()) {
            if (held > next && missing.size() < MAX_RANGES) {
                missing.add(new Envelope.Range(next, held - 1));
            }
            next = held + 1;
        }
        if (w.tailMissing() && missing.size() < MAX_RANGES) {
            missing.add(new Envelope.Range(next, w.announced));
        }
        return missing;
    }

    private void schedule(SenderWindow w, long delayNanos) {
        later(() -> check(w), delayNanos);
    }

    private void later(Runnable task, long delayNanos) {
        try {
            timer.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the engine is shutting down: nothing is delivered any more
        }
    }

    /**
     * Runs on the timer: gives up every gap whose first message after it has waited the hold time. The hold
     * counts from that message's arrival, not from the end of the previous gap, so a burst with many gaps is
     * released after one hold time, not one per gap.
     */
    private void check(SenderWindow w) {
        synchronized (w) {
            w.checkPending = false;
            long now = clock.getAsLong();
            while (!w.held.isEmpty() && now - w.held.firstEntry().getValue().arrived() >= waitNanos(w)) {
                giveUp(w);
            }
            if (w.held.isEmpty() && w.tailMissing() && now - w.announcedAt >= holdNanos) {
                giveUpTail(w);
            }
            if (!w.held.isEmpty()) {
                w.checkPending = true;
                schedule(w, w.held.firstEntry().getValue().arrived() + waitNanos(w) - now);
            } else if (w.tailMissing()) {
                w.checkPending = true;
                schedule(w, w.announcedAt + holdNanos - now);
            }
        }
        w.out.run();
    }

    /** Moves the window past its oldest gap, reporting it lost (unless the window had no start yet). */
    private void giveUp(SenderWindow w) {
        Map.Entry<Long, SenderWindow.Held> first = w.held.firstEntry();
        // A sender that had just started had messages before the first one heard, asked for in vain.
        long missing = w.based ? first.getKey() - w.delivered - 1 : first.getKey() <= EARLY ? first.getKey() - 1 : 0;
        if (missing > 0) {
            lost.add(missing);
            String handle = first.getValue().message().handle();
            w.out.add(() -> delivery.lost(w.room, w.senderId, handle, missing));
        }
        w.based = true;
        w.delivered = first.getKey() - 1;
        drain(w);
    }

    /** Moves the window past an announced tail that never came, reporting it lost. */
    private void giveUpTail(SenderWindow w) {
        long missing = w.announced - w.delivered;
        lost.add(missing);
        String handle = w.handle;
        w.out.add(() -> delivery.lost(w.room, w.senderId, handle, missing));
        w.delivered = w.announced;
    }

    /** Delivers what the last delivery made next in line. */
    private void drain(SenderWindow w) {
        SenderWindow.Held next;
        while ((next = w.held.remove(w.delivered + 1)) != null) {
            deliver(w, next.message(), next.fragment());
        }
    }

    private void deliver(SenderWindow w, ChatMessage m, Envelope.Fragment fragment) {
        w.delivered = m.sequence();
        w.out.add(() -> delivery.deliver(m, fragment));
    }
}
