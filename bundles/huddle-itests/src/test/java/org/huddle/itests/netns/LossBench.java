package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.huddle.itests.Environment;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Delivery under packet loss, measured: alice on host 1 says {@value #MESSAGES} numbered messages as fast
 * as her console takes them, bob on host 2 shows what arrives, with 0%, 10% and 30% of the frames to and
 * from bob's bridge port dropped ({@link NamespaceLan#loss(int, int)}), on two channels: the default one,
 * where each message goes to an IPv4 and an IPv6 group and arrives when either copy does, and one with an
 * IPv4 group only (one datagram per message, nothing to fall back on). One LAN for all rounds, side by
 * side, each round in a room of its own; a second pair (carol on host 3 to dave on host 4) runs the
 * IPv4 rounds with the receiver repeating its NACKs every 200 ms instead of the default 50 ms. Per round: delivered (and the rate),
 * duplicates, order violations, latency from alice showing a message as sent to bob showing it (median,
 * p90, max; both stamped by this JVM as it reads their lines), and the datagrams and bytes each node's
 * transport sent ({@code chat:stats}).
 *
 * <p>A benchmark, not a test of speed: it prints a table and writes it to {@code target/loss-bench.txt}.
 * It fails only when the harness is broken: without loss all messages must arrive once (and in order on
 * the IPv4 channel), with loss the bridge must have dropped frames and the IPv4 channel must miss some
 * messages. Not part of the default run (its name does not end in IT); run it with
 * {@code mvn -o verify -pl bundles/huddle-itests -Dit.test=LossBench} after building the rest
 * (docs/benchmarks.md). Needs root, iproute2 and nftables; skipped otherwise.
 */
public class LossBench {

    static final int MESSAGES = 500;
    private static final int WARM_UP_MESSAGES = 100;
    private static final int[] LOSS_PERCENTS = { 0, 10, 30 };
    private static final Channel DEFAULT = new Channel("default (IPv4 + IPv6 copy)", "", "d");
    private static final Channel IPV4_ONLY = new Channel("IPv4 only", "--group 239.255.72.72 --port 7452", "v4-");
    /** From the first message typed to the sender showing the last as sent, on a busy two-core machine. */
    private static final Duration SENDING = Duration.ofSeconds(180);
    /** From the sender's last message to the end marker shown at the receiver, which has a backlog to print. */
    private static final Duration DRAINING = Duration.ofSeconds(120);
    private static final String TRANSPORT = "transport.default.";
    private static final Pattern STAT = Pattern.compile("(\\S+) (-?\\d+)");

    /** The NACK repeat interval before it was measured here, and the default since. */
    private static final String SLOW_RETRY = "200";
    private static final String FAST_RETRY = "50";

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(4);

    /** alice (host 1) to bob (host 2), bob with the default NACK repeat interval. */
    private static Pair fast;
    /** carol (host 3) to dave (host 4), dave repeating NACKs as before: side by side with {@link #fast}. */
    private static Pair slow;

    /**
     * A sender, a receiver and the receiver's NACK repeat interval ({@code delivery.retry}), in rooms of
     * their own: what one pair repairs does not reach the other.
     */
    private record Pair(DistributionNode sender, String senderHandle, DistributionNode receiver, int receiverHost,
            String retry) {
    }

    /**
     * Where a round's room is.
     *
     * @param joinOptions options of {@code chat:join} that put the room there
     * @param roomPrefix  before the loss in percent, for the room's name
     */
    private record Channel(String label, String joinOptions, String roomPrefix) {
    }

    /** One round's figures, and what the transports sent meanwhile. */
    private record Round(Channel channel, String retry, int lossPercent, DeliveryFigures figures, Traffic alice,
            Traffic bob, long bridgeDrops) {
    }

    /** What a transport sent during a round, from its counters before and after. */
    private record Traffic(long datagrams, long bytes) {

        static Traffic between(Map<String, Long> before, Map<String, Long> after) {
            return new Traffic(delta(before, after, TRANSPORT + "datagrams.sent"), delta(before, after, TRANSPORT + "bytes.sent"));
        }

        private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
            if (!before.containsKey(key) || !after.containsKey(key)) {
                throw new AssertionError("chat:stats has no " + key + ": " + after.keySet());
            }
            return after.get(key) - before.get(key);
        }
    }

    @BeforeClass
    public static void startNodes() throws IOException {
        // -Dit.test overrides the includes of both failsafe executions; the bench is the same on Equinox's
        // run (it drives whole distribution nodes, no framework of the test's own), so once is enough.
        Assume.assumeFalse("runs in the Felix execution of failsafe only; skipped in the Equinox one",
                "org.eclipse.osgi".equals(System.getProperty("huddle.framework")));
        Environment.require("needs nftables' `nft` to drop packets at the bridge (apt-get install nftables;"
                + " .ci/run installs it)", NamespaceLan.nftAvailable());
        fast = new Pair(testbed.startNode(1, "alice"), "alice",
                testbed.startNode(2, "bob", Map.of(), Map.of("delivery.retry", FAST_RETRY)), 2, FAST_RETRY);
        slow = new Pair(testbed.startNode(3, "carol"), "carol",
                testbed.startNode(4, "dave", Map.of(), Map.of("delivery.retry", SLOW_RETRY)), 4, SLOW_RETRY);
        testbed.awaitNodesReady();
        for (Pair pair : List.of(fast, slow)) {
            testbed.awaitBoundTransport(pair.sender());
            testbed.awaitBoundTransport(pair.receiver());
        }
    }

    @Test
    public void deliveryUnderLoss() throws IOException {
        // Not measured: the nodes' JIT compilers and buffers warm up on a round like the others.
        round(fast, DEFAULT, "warmup", 0, WARM_UP_MESSAGES);
        round(slow, IPV4_ONLY, "warmup", 0, WARM_UP_MESSAGES);
        List<Round> rounds = new ArrayList<>();
        for (int loss : LOSS_PERCENTS) {
            for (Channel channel : List.of(DEFAULT, IPV4_ONLY)) {
                rounds.add(round(fast, channel, channel.roomPrefix() + loss, loss, MESSAGES));
            }
            // The IPv4 channel is where repair does all the work: the two NACK intervals, one round after the other.
            rounds.add(round(slow, IPV4_ONLY, IPV4_ONLY.roomPrefix() + loss + "-slow", loss, MESSAGES));
        }
        String report = report(rounds);
        System.out.println(report);
        Path file = Paths.get(System.getProperty("basedir", "."), "target", "loss-bench.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);

        for (Round round : rounds) {
            DeliveryFigures f = round.figures();
            String what = round.lossPercent() + "% loss on " + round.channel().label() + "\n" + report;
            assertEquals("alice showed every message as sent, " + what, MESSAGES, f.sent());
            assertTrue("alice's transport sent a datagram per message, " + what, round.alice().datagrams() >= MESSAGES);
            // Each sender's messages are shown once and in order whatever the loss (FIFO receive windows);
            // how many arrive is the figure measured, not asserted, except that without loss all must.
            assertEquals("none arrives twice, " + what, 0, f.duplicates());
            assertEquals("all arrive in order, " + what, 0, f.orderViolations());
            if (round.lossPercent() == 0) {
                assertEquals("without loss every message arrives, " + what, MESSAGES, f.delivered());
            } else {
                assertTrue("with loss the bridge dropped frames, " + what, round.bridgeDrops() > 0);
                assertTrue("with loss most messages still arrive, " + what, f.delivered() > 0);
            }
        }
    }

    /**
     * One round: both nodes join {@code room}, the loss is set, alice says {@code count} numbered messages;
     * then the loss is removed and an end marker said, which, sent after all the others on the same path,
     * tells when everything that was to arrive has.
     */
    private static Round round(Pair pair, Channel channel, String room, int lossPercent, int count) throws IOException {
        DistributionNode alice = pair.sender();
        DistributionNode bob = pair.receiver();
        String sender = pair.senderHandle();
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.ask(node, ("chat:join " + channel.joinOptions() + " " + room).replace("  ", " "),
                    l -> l.startsWith("joined " + room));
        }
        Map<String, Long> aliceBefore = stats(alice);
        Map<String, Long> bobBefore = stats(bob);
        testbed.lan().loss(pair.receiverHost(), lossPercent);
        int aliceFrom = alice.lineCount();
        int bobFrom = bob.lineCount();
        for (int i = 1; i <= count; i++) {
            alice.send("chat:say " + DeliveryFigures.text(i));
        }
        String last = "[" + room + "] " + sender + ": " + DeliveryFigures.text(count);
        testbed.awaitLine(alice, aliceFrom, last::equals, SENDING, sender + " to have sent all " + count + " in " + room);
        // A datagram passes the bridge within the send call: all of alice's are through it or dropped.
        long bridgeDrops = testbed.lan().droppedFrames();
        Map<String, Long> aliceAfter = stats(alice);
        testbed.lan().loss(pair.receiverHost(), 0);
        String end = "end of " + room;
        alice.send("chat:say " + end);
        testbed.awaitLine(bob, bobFrom, ("[" + room + "] " + sender + ": " + end)::equals, DRAINING,
                "the receiver to show the end marker of " + room);
        Map<String, Long> bobAfter = stats(bob);
        DeliveryFigures figures = DeliveryFigures.of(room, sender, alice.timedLinesAfter(aliceFrom),
                bob.timedLinesAfter(bobFrom));
        return new Round(channel, pair.retry(), lossPercent, figures, Traffic.between(aliceBefore, aliceAfter), Traffic.between(bobBefore, bobAfter),
                bridgeDrops);
    }

    /** @return the counters {@code chat:stats} prints, by name */
    private static Map<String, Long> stats(DistributionNode node) {
        int from = node.lineCount();
        // The transport's block ends the output.
        testbed.ask(node, "chat:stats", l -> l.startsWith(TRANSPORT + "errors.receive "));
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : LanTestbed.since(node.lines(), from)) {
            Matcher m = STAT.matcher(line);
            if (m.matches()) {
                stats.put(m.group(1), Long.parseLong(m.group(2)));
            }
            if (line.startsWith(TRANSPORT + "errors.receive ")) {
                break;
            }
        }
        return stats;
    }

    private static String report(List<Round> rounds) {
        StringBuilder out = new StringBuilder();
        out.append("Delivery under loss: ").append(MESSAGES).append(" messages host 1 -> host 2 (NACKs repeated every ")
                .append(FAST_RETRY).append(" ms) and host 3 -> host 4 (every ").append(SLOW_RETRY)
                .append(" ms), loss on the receiver's bridge port (both directions)\n");
        out.append(String.format("%s, %d cores, Linux %s, Java %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.version"),
                System.getProperty("java.version")));
        out.append("Latency: the receiver showing a message minus the sender showing it as sent, which it does once the send"
                + " returned; both lines stamped as this JVM reads them. Below 0 when the receiver's line was read first.\n");
        out.append("| channel | NACK every (ms) | loss | sent in (ms) | delivered | rate | duplicates | out of order | latency median / p90 / max (ms)"
                + " | sender sent (datagrams / bytes) | receiver sent (datagrams / bytes) | dropped at the bridge |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|\n");
        for (Round r : rounds) {
            DeliveryFigures f = r.figures();
            out.append(String.format("| %s | %s | %d%% | %.0f | %d / %d | %.1f%% | %d | %d | %s / %s / %s | %d / %d | %d / %d | %d |%n",
                    r.channel().label(), r.retry(), r.lossPercent(), f.sendingMillis(), f.delivered(), f.sent(), f.rate(), f.duplicates(), f.orderViolations(),
                    millis(f.latencyPercentile(50)), millis(f.latencyPercentile(90)), millis(f.latencyPercentile(100)),
                    r.alice().datagrams(), r.alice().bytes(), r.bob().datagrams(), r.bob().bytes(), r.bridgeDrops()));
        }
        return out.toString();
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }
}
