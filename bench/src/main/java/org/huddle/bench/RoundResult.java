package org.huddle.bench;

import java.util.List;
import java.util.Map;

/**
 * One round of one system, summed up over its receivers: the group is as fast as its slowest receiver
 * and as late as its latest one, so throughput is the lowest receiver's, latency the highest, loss the
 * largest. CPU is every member's process CPU time in the round (sender's and receivers') per message sent.
 * Net: where the members talked, {@code lo} or {@code lan} ({@link BenchNet}).
 * Late: deliveries at the most late receiver after the round was summed up (still being repaired or
 * retransmitted when the harness stopped waiting), before the next round began.
 */
record RoundResult(String system, String net, int receivers, int size, int rate, int count, double sendSeconds,
        long received, double lossPercent, double throughput, long p50Micros, long p99Micros, long maxMicros,
        double cpuMicrosPerMessage, long duplicates, long outOfOrder, long late) {

    boolean paced() {
        return rate > 0;
    }

    static RoundResult of(String system, String net, int size, int rate, int count, Map<String, String> sent,
            List<Map<String, String>> got, long late) {
        long start = num(sent, "start");
        double sendSeconds = (num(sent, "end") - start) / 1e9;
        long cpu = num(sent, "cpu");
        long minReceived = Long.MAX_VALUE;
        double minThroughput = Double.MAX_VALUE;
        long p50 = 0;
        long p99 = 0;
        long max = 0;
        long dups = 0;
        long ooo = 0;
        for (Map<String, String> g : got) {
            long received = num(g, "received");
            minReceived = Math.min(minReceived, received);
            double seconds = (num(g, "last") - start) / 1e9;
            minThroughput = Math.min(minThroughput, received == 0 || seconds <= 0 ? 0 : received / seconds);
            p50 = Math.max(p50, num(g, "p50"));
            p99 = Math.max(p99, num(g, "p99"));
            max = Math.max(max, num(g, "max"));
            dups += num(g, "duplicates");
            ooo += num(g, "outOfOrder");
            cpu += num(g, "cpu");
        }
        double loss = 100.0 * (count - minReceived) / count;
        return new RoundResult(system, net, got.size(), size, rate, count, sendSeconds, minReceived, loss, minThroughput,
                p50, p99, max, cpu / 1000.0 / count, dups, ooo, late);
    }

    private static long num(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("reply without " + key + ": " + fields);
        }
        return Long.parseLong(v);
    }
}
