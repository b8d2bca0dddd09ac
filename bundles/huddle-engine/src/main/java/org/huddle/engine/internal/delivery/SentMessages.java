package org.huddle.engine.internal.delivery;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.huddle.api.transport.Envelope;

/**
 * The retransmit buffer: the datagrams this node sent in each room lately, kept as sent, so a peer that
 * missed one can have it again (a NACK names the room and the missing sequence numbers). Bounded per room
 * by count and by bytes; what has been pushed out is gone, and the asking peer reports it lost when its
 * hold time is over.
 *
 * <p>Sized for bursts: a receiver that falls behind a sender at full speed loses datagrams to its full
 * socket buffer, and sees the gap only once it has read the backlog in that buffer, so its NACK comes a
 * tenth of a second and more after the loss, by which time a fast sender has sent thousands more (measured
 * with the benchmark: with 16,384 and 4 MiB, most NACKed datagrams were gone). 65,536 datagrams are a second
 * at 65,000 a second; 32 MiB hold that many chat lines, or about 27,000 datagrams of the largest size. Only
 * what a node itself sends fills it.
 */
public final class SentMessages {

    static final int PER_ROOM = 65_536;

    static final long BYTES_PER_ROOM = 32L << 20;

    /** Not yet sent again. */
    private static final long NEVER = Long.MIN_VALUE;

    private final Map<String, Ring> rooms = new HashMap<>();

    /**
     * Keeps a datagram as sent. A buffer that is a whole array, as the codec's fresh output is, is kept as it
     * is: nobody writes to it once it is sent, and a copy of every datagram was a third of what the send path
     * allocated.
     */
    synchronized void sent(String room, long sequence, ByteBuffer datagram) {
        byte[] kept;
        if (datagram.hasArray() && datagram.arrayOffset() == 0 && datagram.position() == 0
                && datagram.remaining() == datagram.array().length) {
            kept = datagram.array();
        } else {
            kept = new byte[datagram.remaining()];
            datagram.duplicate().get(kept);
        }
        rooms.computeIfAbsent(room, r -> new Ring()).add(sequence, kept);
    }

    /** A datagram as kept, with its number. */
    record Kept(long sequence, ByteBuffer datagram) {
    }

    /**
     * The datagrams of the ranges to send again for a NACK, those still held, in order, at most {@code max};
     * without those that went out again ({@link #resent}) less than {@code quietNanos} before {@code now}. Several
     * members that lost the same datagram ask for it within milliseconds of each other, and resent to the
     * room's group it reaches them all: sending it once for each of them multiplied repair traffic by the
     * number of receivers, past what they take from one host.
     *
     * @param repeated counts the datagrams left out for having just gone out again
     */
    synchronized List<Kept> findToResend(String room, List<Envelope.Range> ranges, int max, long now, long quietNanos,
            LongAdder repeated) {
        List<Kept> found = new ArrayList<>();
        Ring sent = rooms.get(room);
        if (sent == null) {
            return found;
        }
        for (Envelope.Range r : ranges) {
            for (long seq = Math.max(r.from(), sent.oldest()); seq <= Math.min(r.to(), sent.newest()); seq++) {
                if (found.size() == max) {
                    return found;
                }
                int slot = sent.slot(seq);
                if (slot < 0) {
                    continue;
                }
                if (sent.resentAt[slot] != NEVER && now - sent.resentAt[slot] < quietNanos) {
                    repeated.increment();
                    continue;
                }
                found.add(new Kept(seq, ByteBuffer.wrap(sent.data[slot])));
            }
        }
        return found;
    }

    /**
     * Notes a datagram as sent again at {@code now}. Only what did go out is noted, so NACKs refused for their
     * budget (a stranger's, say) hold back nobody else's repair.
     */
    synchronized void resent(String room, long sequence, long now) {
        Ring sent = rooms.get(room);
        int slot = sent == null ? -1 : sent.slot(sequence);
        if (slot >= 0) {
            sent.resentAt[slot] = now;
        }
    }

    /**
     * One room's datagrams in the order sent, oldest pushed out first, in arrays that grow to the bound: no
     * boxed keys or tree nodes per datagram. A node numbers its datagrams in a room one after another, so a
     * sequence number is found at its offset from the oldest; should numbers ever skip, by binary search.
     */
    private static final class Ring {
        private long[] seqs = new long[256];
        private byte[][] data = new byte[256][];
        /** When each went out again for a NACK, or {@link #NEVER}. */
        private long[] resentAt = new long[256];
        private int first;
        private int size;
        private long bytes;

        void add(long seq, byte[] datagram) {
            if (size > 0 && seq <= newest()) {
                // numbering started again (the room joined anew): what went before is another conversation
                while (size > 0) {
                    dropOldest();
                }
            }
            while (size > 0 && (size == PER_ROOM || bytes + datagram.length > BYTES_PER_ROOM)) {
                dropOldest();
            }
            if (size == data.length) {
                grow();
            }
            int at = (first + size) % data.length;
            seqs[at] = seq;
            data[at] = datagram;
            resentAt[at] = NEVER;
            size++;
            bytes += datagram.length;
        }

        private void dropOldest() {
            bytes -= data[first].length;
            data[first] = null;
            first = (first + 1) % data.length;
            size--;
        }

        private void grow() {
            int capacity = Math.min(PER_ROOM, data.length * 2);
            long[] s = new long[capacity];
            byte[][] d = new byte[capacity][];
            long[] r = new long[capacity];
            for (int i = 0; i < size; i++) {
                s[i] = seqs[(first + i) % data.length];
                d[i] = data[(first + i) % data.length];
                r[i] = resentAt[(first + i) % data.length];
            }
            seqs = s;
            data = d;
            resentAt = r;
            first = 0;
        }

        long oldest() {
            return size == 0 ? Long.MAX_VALUE : seqs[first];
        }

        long newest() {
            return size == 0 ? Long.MIN_VALUE : seqs[(first + size - 1) % data.length];
        }

        /** @return where the datagram numbered {@code seq} is kept, or -1 */
        int slot(long seq) {
            if (size == 0 || seq < oldest() || seq > newest()) {
                return -1;
            }
            long offset = seq - oldest();
            if (offset < size && seqs[(int) ((first + offset) % data.length)] == seq) {
                return (int) ((first + offset) % data.length);
            }
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long s = seqs[(first + mid) % data.length];
                if (s == seq) {
                    return (first + mid) % data.length;
                }
                if (s < seq) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -1;
        }
    }
}
