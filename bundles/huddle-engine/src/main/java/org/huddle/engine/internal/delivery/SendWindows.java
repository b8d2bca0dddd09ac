package org.huddle.engine.internal.delivery;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Flow control by acknowledgement, per room: this node's messages in a room may run at most {@link #WINDOW}
 * sequence numbers ahead of what the slowest member that acknowledges has all of ({@code ack}, docs/protocol.md).
 * A sender faster than a receiver waits in {@code say} instead of overrunning it; what the receiver still
 * misses is within the window, and so still held for repair ({@link SentMessages} keeps far more), so nothing is
 * lost for good, as JGroups' MFC gives credits that the sender waits for.
 *
 * <p>Only members known to be in the room count (the caller checks), and a member holds senders back only
 * while its acknowledgements advance: one silent for {@link #STALL_NANOS} while a sender waits on it (gone
 * without a {@code bye}, or a forger acknowledging little) is passed by until it acknowledges again, so a
 * sender never waits longer than that for one member.
 *
 * <p>Threads: receive threads call {@link #acked} and {@link #left}; callers of {@code say} wait in
 * {@link #await}. One lock, this object's, guards every window; waiting releases it.
 */
public final class SendWindows {

    /** How far a sender may run ahead of a member, in sequence numbers (a long message's parts count one each). */
    public static final int WINDOW = 512;

    /** A receiver acknowledges each time it has this many more of a sender's messages. */
    public static final int ACK_EVERY = WINDOW / 4;

    /** A member whose acknowledgement has not advanced for this long no longer holds senders back. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The longest a waiting sender sleeps before it looks again. */
    private static final long RECHECK_MILLIS = 50;

    /** Members remembered per room at most, whatever acknowledgements arrive. */
    static final int MAX_MEMBERS = 1000;

    /** Rooms with acknowledgements remembered at most. */
    static final int MAX_ROOMS = 1000;

    private static final class Acked {
        long sequence;
        long advancedAt;

        Acked(long sequence, long now) {
            this.sequence = sequence;
            this.advancedAt = now;
        }
    }

    private final LongSupplier nanos;
    private final Map<String, Map<String, Acked>> rooms = new HashMap<>();

    public SendWindows(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A member known in the room has every message of this node's there up to {@code sequence}. */
    public synchronized void acked(String room, String member, long sequence) {
        Map<String, Acked> members = rooms.get(room);
        if (members == null) {
            if (rooms.size() >= MAX_ROOMS) {
                return;
            }
            members = new HashMap<>();
            rooms.put(room, members);
        }
        long now = nanos.getAsLong();
        Acked a = members.get(member);
        if (a == null) {
            if (members.size() >= MAX_MEMBERS) {
                return;
            }
            members.put(member, new Acked(sequence, now));
        } else if (sequence > a.sequence) {
            a.sequence = sequence;
            a.advancedAt = now;
        } else {
            return;
        }
        notifyAll();
    }

    /** A member left the room (its {@code bye}): it holds nobody back any more. */
    public synchronized void left(String room, String member) {
        Map<String, Acked> members = rooms.get(room);
        if (members != null && members.remove(member) != null) {
            notifyAll();
        }
    }

    /** This node left the room: its numbering there starts again on the next join. */
    public synchronized void forget(String room) {
        rooms.remove(room);
        notifyAll();
    }

    /**
     * Waits until this node may send up to {@code last} in the room: until every member that holds it back has
     * acknowledged {@code last - WINDOW}, or has stalled. Interrupted, it returns at once with the flag set.
     *
     * @return how long it waited, in nanoseconds; 0 when nobody held it back
     */
    public synchronized long await(String room, long last) {
        long start = nanos.getAsLong();
        for (boolean first = true; !Thread.currentThread().isInterrupted(); first = false) {
            long now = nanos.getAsLong();
            long until = holdsBackUntil(room, last, now);
            if (until <= now) {
                return first ? 0 : Math.max(1, now - start);
            }
            try {
                // Rechecked at least every RECHECK_MILLIS: the stall time is on the engine's clock, which a
                // test may hold and move, and which nothing notifies about.
                wait(Math.max(1, Math.min(RECHECK_MILLIS, TimeUnit.NANOSECONDS.toMillis(until - now))));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return nanos.getAsLong() - start;
    }

    /** @return until when some member holds {@code last} back (its stall time), or {@code now} when none does */
    private long holdsBackUntil(String room, long last, long now) {
        Map<String, Acked> members = rooms.get(room);
        long until = now;
        if (members != null) {
            for (Acked a : members.values()) {
                long stallsAt = a.advancedAt + STALL_NANOS;
                if (last - a.sequence > WINDOW && stallsAt > now) {
                    until = Math.max(until, stallsAt);
                }
            }
        }
        return until;
    }

    /** @return how many members of a room acknowledge, for tests */
    synchronized int members(String room) {
        Map<String, Acked> members = rooms.get(room);
        return members == null ? 0 : members.size();
    }
}
