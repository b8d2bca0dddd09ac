package org.huddle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What one receiver got in one round: distinct messages, copies, messages out of order and each
 * message's latency. Deliveries may come from several of a system's threads, hence the lock
 * (uncontended: one sender).
 */
final class Reception {

    private final int round;
    private int expected;
    private final BitSet seen;
    private final long[] latencies;
    private int distinct;
    private long duplicates;
    private long outOfOrder;
    private long foreign;
    private long highest = -1;
    private long first;
    private long last;

    Reception(int round, int expected) {
        this.round = round;
        this.expected = expected;
        this.seen = new BitSet(expected);
        this.latencies = new long[expected];
    }

    /** Counts one delivery; true when it completed the round. */
    synchronized boolean delivered(byte[] payload, int offset, int length) {
        long now = System.nanoTime();
        Payload.Stamp stamp = Payload.parse(payload, offset, length);
        if (stamp == null || stamp.round() != round || stamp.seq() >= expected) {
            foreign++;
            return false;
        }
        int seq = (int) stamp.seq();
        if (seen.get(seq)) {
            duplicates++;
            return false;
        }
        seen.set(seq);
        if (seq < highest) {
            outOfOrder++;
        }
        highest = Math.max(highest, seq);
        if (distinct == 0) {
            first = now;
        }
        last = now;
        latencies[distinct++] = now - stamp.nanos();
        return distinct == expected;
    }

    /**
     * The sender stopped early, after {@code sent} messages (a round that took longer than its time allows).
     *
     * @return whether every one of them has arrived
     */
    synchronized boolean expect(int sent) {
        expected = Math.min(expected, sent);
        return distinct >= expected;
    }

    /** The result line's fields (key=value), latencies in microseconds. */
    synchronized String summary() {
        String dump = System.getenv("BENCH_LATENCIES");
        if (dump != null) {
            writeLatencies(Path.of(dump, "round-" + round + "-pid-" + ProcessHandle.current().pid() + ".txt"));
        }
        long[] sorted = Arrays.copyOf(latencies, distinct);
        Arrays.sort(sorted);
        return "received=" + distinct + " duplicates=" + duplicates + " outOfOrder=" + outOfOrder + " foreign=" + foreign
                + " first=" + first + " last=" + last + " p50=" + percentile(sorted, 50) + " p99=" + percentile(sorted, 99)
                + " max=" + (sorted.length == 0 ? -1 : sorted[sorted.length - 1] / 1000);
    }

    /**
     * Every message's latency in microseconds, one a line, in the order of arrival: where a tail comes from
     * (a pause holds up a run of consecutive messages; scheduling, single ones) shows in the sequence.
     */
    private void writeLatencies(Path file) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < distinct; i++) {
            lines.append(latencies[i] / 1000).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            System.err.println("cannot write " + file + ": " + e);
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000;
    }
}
