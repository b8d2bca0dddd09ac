package org.huddle.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One member in a JVM of its own, driven by {@link NodeProcess} over stdin and stdout, one line each:
 * <pre>
 *   (started)                 -&gt; ready joined=&lt;nanos&gt; seen=&lt;nanos&gt; peers=&lt;n&gt;
 *   round R SIZE COUNT RATE   -&gt; armed          (RATE 0: as fast as send returns)
 *   go SECONDS                -&gt; sent start=.. end=.. cpu=.. count=..   (member 0, the sender: the round's
 *                                COUNT, or what it sent in SECONDS when that came first)
 *   expect N                  -&gt; got ...                          (receivers: the sender stopped at N)
 *                                got received=.. ... cpu=..      (receivers, once all arrived)
 *   finish                    -&gt; got ...                          (receivers that are still short)
 *   settle QUIET MAX          -&gt; settled waited=.. late=..        (once nothing arrived for QUIET ms, or after MAX ms)
 *   quit
 * </pre>
 * Arguments: {@code <system> <id> <members>}.
 */
public final class NodeMain {

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static final long READY_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int id;
    private volatile Reception reception;
    private volatile boolean reported = true;
    private volatile long lastDelivery = System.nanoTime();
    private final java.util.concurrent.atomic.LongAdder deliveries = new java.util.concurrent.atomic.LongAdder();
    private long roundCpu;

    private NodeMain(int id) {
        this.id = id;
    }

    public static void main(String[] args) throws Exception {
        String system = args[0];
        int id = Integer.parseInt(args[1]);
        int members = Integer.parseInt(args[2]);
        System.setOut(System.err); // whatever a system prints must not mix with the protocol
        try {
            new NodeMain(id).run(Systems.factory(system), members);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1); // a system's own threads must not keep a failed member alive
        }
        System.exit(0);
    }

    private void run(Member.Factory factory, int members) throws Exception {
        try (Member member = factory.start(id, members, this::delivered)) {
            long joined = member.joinedAt();
            long deadline = System.nanoTime() + READY_DEADLINE_NANOS;
            while (member.hasMembership() && member.peers() < members - 1 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(200_000);
            }
            reply("ready joined=" + joined + " seen=" + System.nanoTime() + " peers=" + member.peers());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int round = 0;
            int size = 0;
            int count = 0;
            int rate = 0;
            for (String line; (line = in.readLine()) != null;) {
                String[] w = line.trim().split(" ");
                switch (w[0]) {
                    case "round" -> {
                        logStats(member, "before round " + w[1]);
                        round = Integer.parseInt(w[1]);
                        size = Integer.parseInt(w[2]);
                        count = Integer.parseInt(w[3]);
                        rate = Integer.parseInt(w[4]);
                        roundCpu = cpu();
                        if (id != 0) {
                            reported = false;
                            reception = new Reception(round, count);
                        }
                        reply("armed");
                    }
                    case "go" -> send(member, round, size, count, rate, Long.parseLong(w[1]));
                    case "expect" -> {
                        Reception r = reception;
                        if (r != null && r.expect(Integer.parseInt(w[1]))) {
                            report();
                        }
                    }
                    case "finish" -> report();
                    case "settle" -> settle(Long.parseLong(w[1]), Long.parseLong(w[2]));
                    case "quit" -> {
                        logStats(member, "at the end");
                        return;
                    }
                    default -> reply("error: unknown command " + line);
                }
            }
        }
    }

    /** The system's own counters so far, in the member's log: what a round's figures alone do not explain. */
    private static void logStats(Member member, String when) {
        String stats = member.stats();
        if (!stats.isEmpty()) {
            System.err.println(when + ": " + stats);
        }
    }

    /** Sends the round's messages, stopping early once it has sent for {@code seconds}. */
    private void send(Member member, int round, int size, int count, int rate, long seconds) throws Exception {
        byte[] buf = Payload.buffer(size);
        long interval = rate > 0 ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
        long start = System.nanoTime();
        long stopAt = start + TimeUnit.SECONDS.toNanos(seconds);
        int seq = 0;
        for (; seq < count && (seq % 100 != 0 || System.nanoTime() < stopAt); seq++) {
            if (interval > 0) {
                long wait = start + seq * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // late wake-ups are caught up, so the mean rate holds
                }
            }
            Payload.stamp(buf, round, seq, System.nanoTime());
            member.send(buf);
        }
        long end = System.nanoTime();
        reply("sent start=" + start + " end=" + end + " cpu=" + (cpu() - roundCpu) + " count=" + seq);
    }

    /**
     * Waits until nothing has arrived for a while: a system still repairing the last round (or bundling,
     * or retransmitting) must not spill into the next one's figures.
     */
    private void settle(long quietMillis, long maxMillis) {
        long start = System.nanoTime();
        long before = deliveries.sum();
        long quiet = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        long now;
        while ((now = System.nanoTime()) - lastDelivery < quiet && now < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        reply("settled waited=" + TimeUnit.NANOSECONDS.toMillis(now - start) + " late=" + (deliveries.sum() - before));
    }

    private void delivered(byte[] payload, int offset, int length) {
        lastDelivery = System.nanoTime();
        deliveries.increment();
        Reception r = reception;
        if (r != null && r.delivered(payload, offset, length)) {
            report();
        }
    }

    private synchronized void report() {
        if (!reported && reception != null) {
            reported = true;
            reply("got " + reception.summary() + " cpu=" + (cpu() - roundCpu));
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void reply(String line) {
        synchronized (OUT) {
            OUT.println(line);
        }
    }
}
