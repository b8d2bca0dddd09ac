package org.huddle.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVMs of one system and receiver count: member 0 sends, the others receive. They are started
 * together, stay up for every round (so JIT warm-up is paid once, in an unmeasured first round) and
 * are stopped together, also when a round fails.
 */
final class MemberGroup implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(90);
    private static final Duration ARMED = Duration.ofSeconds(30);
    /**
     * The longest a round sends (BENCH_ROUND_SECONDS, default 20): a system paced far below the others (the
     * distribution's flood limit) sends what it can in that time instead of the whole count, and the round's
     * figures are over what it sent.
     */
    static final long ROUND_SECONDS = Long.parseLong(System.getenv().getOrDefault("BENCH_ROUND_SECONDS", "20"));
    /** Between rounds: this long without a delivery, or at most SETTLE_MAX. */
    private static final Duration SETTLE_QUIET = Duration.ofMillis(500);
    private static final Duration SETTLE_MAX = Duration.ofSeconds(30);

    private final String system;
    private final String net;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<Map<String, String>> ready = new ArrayList<>();
    private int round;

    MemberGroup(String system, int members, List<String> jvmFlags, Path logs, BenchNet net)
            throws IOException, InterruptedException {
        this.system = system;
        this.net = net.name();
        try {
            for (int id = 0; id < members; id++) {
                nodes.add(NodeProcess.start(system, id, members, jvmFlags, logs, net));
            }
            for (NodeProcess node : nodes) {
                Map<String, String> r = node.expect("ready", READY);
                if (Integer.parseInt(r.get("peers")) < members - 1 && !system.startsWith("raw")) {
                    throw new IOException(node.name() + " sees " + r.get("peers") + " of " + (members - 1) + " peers");
                }
                ready.add(r);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Nanoseconds from the last member starting to join until every member saw every other. */
    long formationNanos() {
        long lastJoin = ready.stream().mapToLong(r -> Long.parseLong(r.get("joined"))).max().orElseThrow();
        long lastSeen = ready.stream().mapToLong(r -> Long.parseLong(r.get("seen"))).max().orElseThrow();
        return lastSeen - lastJoin;
    }

    /** Sends {@code count} payloads of {@code size} bytes, at {@code rate} a second or as fast as possible (0). */
    RoundResult round(int size, int count, int rate) throws IOException, InterruptedException {
        round = (round + 1) % 1000;
        for (NodeProcess node : nodes) {
            node.command("round " + round + " " + size + " " + count + " " + rate);
        }
        for (NodeProcess node : nodes) {
            node.expect("armed", ARMED);
        }
        NodeProcess sender = nodes.get(0);
        sender.command("go " + ROUND_SECONDS);
        double expectedSeconds = Math.min(ROUND_SECONDS, rate > 0 ? (double) count / rate : count / 20_000.0);
        Map<String, String> sent = sender.expect("sent", Duration.ofSeconds(60 + (long) (3 * expectedSeconds)));
        int sentCount = Integer.parseInt(sent.getOrDefault("count", String.valueOf(count)));
        if (sentCount < count) {
            for (NodeProcess receiver : nodes.subList(1, nodes.size())) {
                receiver.command("expect " + sentCount);
            }
        }
        double sendSeconds = (Long.parseLong(sent.get("end")) - Long.parseLong(sent.get("start"))) / 1e9;
        // what is still on its way, or being repaired, gets as long again as the sending took, at least 3 s
        Duration drain = Duration.ofMillis((long) (1000 * Math.max(3, sendSeconds)));
        long deadline = System.nanoTime() + drain.toNanos();
        List<Map<String, String>> got = new ArrayList<>();
        for (NodeProcess receiver : nodes.subList(1, nodes.size())) {
            long left = Math.max(0, deadline - System.nanoTime());
            Map<String, String> g = receiver.poll("got", Duration.ofNanos(left));
            if (g == null) {
                receiver.command("finish");
                g = receiver.expect("got", ARMED);
            }
            got.add(g);
        }
        long late = 0;
        for (NodeProcess receiver : nodes.subList(1, nodes.size())) {
            receiver.command("settle " + SETTLE_QUIET.toMillis() + " " + SETTLE_MAX.toMillis());
        }
        for (NodeProcess receiver : nodes.subList(1, nodes.size())) {
            late = Math.max(late, Long.parseLong(receiver.expect("settled", SETTLE_MAX.plus(ARMED)).get("late")));
        }
        return RoundResult.of(system, net, size, rate, sentCount, sent, got, late);
    }

    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }
}
