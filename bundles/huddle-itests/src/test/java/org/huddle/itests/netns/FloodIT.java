package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A third host floods the room's group and port with tens of thousands of hostile datagrams per second
 * ({@code flood.py}: garbage, and cut, flipped and whole datagrams of Huddle's format from made-up senders)
 * while alice says {@value #MESSAGES} messages to bob: bob shows all of them once and in order, his shell
 * answers {@code chat:stats} within {@link #ANSWER} all through the flood and counts the flood as
 * {@code dropped.rate-limited}, he is told who floods, and once the flood stops the next message arrives
 * and nothing more is dropped. Prints the figures: what the flooder sent, what bob's transport read (what
 * one node absorbs while delivering), what the limit dropped.
 *
 * <p>The room is on a channel with one IPv4 group, which is flooded: on the default channel the IPv6 copy
 * of each message would arrive beside the flood. Hosts: 1 alice, 2 bob, 3 the flooder. Needs root and
 * python3; skipped without namespaces.
 */
public class FloodIT {

    private static final String GROUP = "239.255.72.73";
    private static final int PORT = 7453;
    private static final String ROOM = "flood";
    private static final int MESSAGES = 100;
    private static final int BURST = 10;
    /** How long the flood goes on after the conversation, in the flooder's progress lines (one a second). */
    private static final int SUSTAINED_SECONDS = 8;
    /**
     * Tens of thousands per second, what one Python process on a busy build machine sends steadily; another
     * with {@code -Dhuddle.flood.rate=N} (datagrams per second; the figures printed say what was reached).
     */
    private static final int FLOOD_RATE = Integer.getInteger("huddle.flood.rate", 30_000);
    /** How soon a shell under a flood must answer: a person at the console would not wait longer. */
    private static final Duration ANSWER = Duration.ofSeconds(5);
    /** The last line of {@code chat:stats}: all of its lines are there once it is. */
    private static final String LAST_STAT = "transport.default.errors.receive ";
    private static final Pattern STAT = Pattern.compile("(\\S+) (-?\\d+)");
    private static final Pattern FLOODER_SUMMARY = Pattern.compile(
            "sent (\\d+) datagrams in ([0-9.]+) s \\((\\d+)/s\\), (\\d+) send errors");

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static long slowestAnswerMillis;

    @BeforeClass
    public static void startNodes() throws IOException {
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            testbed.awaitBoundTransport(node);
            testbed.ask(node, "chat:join --group " + GROUP + " --port " + PORT + " " + ROOM,
                    l -> l.startsWith("joined " + ROOM));
        }
    }

    @Test
    public void aConversationGoesOnWhileAThirdHostFloodsTheRoom() throws IOException {
        String flooderAddress = testbed.address(3);
        Map<String, Long> before = stats(bob);
        OriginProgram flooder = testbed.startProgram(3, "flood.py", GROUP, String.valueOf(PORT),
                String.valueOf(FLOOD_RATE), ROOM);
        testbed.awaitLine(flooder, 0, l -> l.startsWith("flooding "), LanTestbed.PROGRAM_START, "the flood to start");
        Await.until(LanTestbed.EXCHANGE, () -> stats(bob).get("dropped.rate-limited") > 0,
                "bob to drop the flood as rate-limited");

        // In bursts, as people talk, with bob's counters asked after each: the flood goes on all through.
        int bobFrom = bob.lineCount();
        Map<String, Long> during = Map.of();
        for (int burst = 0; burst < MESSAGES / BURST; burst++) {
            int aliceFrom = alice.lineCount();
            for (int i = burst * BURST + 1; i <= (burst + 1) * BURST; i++) {
                alice.send(String.format("chat:say f%03d", i));
            }
            String last = String.format("[%s] alice: f%03d", ROOM, (burst + 1) * BURST);
            testbed.awaitLine(alice, aliceFrom, last::equals, LanTestbed.EXCHANGE, "alice to say " + last);
            testbed.awaitLine(bob, bobFrom, last::equals, LanTestbed.EXCHANGE, "bob to show " + last);
            during = stats(bob);
        }
        // Then a while longer, so that the figures are of a sustained flood: bob's counters are asked at each
        // of the flooder's progress lines (one a second), and must come as quickly as before.
        for (int second = 0; second < SUSTAINED_SECONDS; second++) {
            int from = flooder.lineCount();
            testbed.awaitLine(flooder, from, l -> l.startsWith("sent "), LanTestbed.EXCHANGE, "the flood to go on");
            during = stats(bob);
        }
        testbed.awaitLine(bob, 0, l -> l.matches("\\*\\*\\* " + Pattern.quote(flooderAddress)
                + " is flooding: [0-9,]+ datagrams dropped in the last minute"), LanTestbed.EXCHANGE,
                "bob to be told who floods");
        assertTrue("the flood lasted all through the conversation\n" + flooder.output(), flooder.isAlive());

        flooder.send("stop");
        assertEquals(flooder.output(), 0, flooder.awaitExit(LanTestbed.EXCHANGE));
        Matcher summary = FLOODER_SUMMARY.matcher(flooder.lines().get(flooder.lineCount() - 1));
        assertTrue(flooder.output(), summary.matches());

        Pattern said = Pattern.compile("\\[" + ROOM + "\\] alice: f\\d{3}");
        List<String> shown = LanTestbed.since(bob.lines(), bobFrom).stream().filter(l -> said.matcher(l).matches())
                .toList();
        List<String> expected = IntStream.rangeClosed(1, MESSAGES)
                .mapToObj(i -> String.format("[%s] alice: f%03d", ROOM, i)).toList();
        assertEquals("alice's messages at bob's, once and in order\n" + testbed.outputs(), expected, shown);

        // Once the flood is over (and bob has read what his socket buffer still held), nothing more is dropped
        // and what comes is delivered.
        long[] previous = { -1 };
        Map<String, Long> after = Await.value(LanTestbed.EXCHANGE, () -> {
            Map<String, Long> now = stats(bob);
            boolean settled = now.get("dropped.rate-limited") == previous[0];
            previous[0] = now.get("dropped.rate-limited");
            return settled ? now : null;
        }, "bob's drops to stop growing once the flood stopped");
        int afterFrom = bob.lineCount();
        alice.send("chat:say after the flood");
        testbed.awaitLine(bob, afterFrom, ("[" + ROOM + "] alice: after the flood")::equals, LanTestbed.EXCHANGE,
                "bob to show alice's message after the flood");
        assertEquals("no drops once the flood stopped", after.get("dropped.rate-limited"),
                stats(bob).get("dropped.rate-limited"));

        long sent = Long.parseLong(summary.group(1));
        double seconds = Double.parseDouble(summary.group(2));
        String transportRead = "transport.default.datagrams.received";
        long read = after.get(transportRead) - before.get(transportRead);
        long limited = after.get("dropped.rate-limited") - before.get("dropped.rate-limited");
        String figures = String.format("flood: %,d datagrams in %.1f s (%s/s, %s send errors); bob's transport read "
                + "%,d (%,.0f/s), dropped %,d as rate-limited, reported %d lost (gaps of made-up senders), NACKs sent "
                + "%d (%d refused); slowest chat:stats answer %d ms", sent, seconds, summary.group(3), summary.group(4),
                read, read / seconds, limited, during.get("delivery.lost"), during.get("delivery.nacks-sent"),
                during.get("delivery.nacks-refused"), slowestAnswerMillis);
        System.out.println(figures);
        assertTrue(figures, limited > sent / 2);
    }

    /**
     * Asks a node's counters, and checks that the answer came within {@link #ANSWER}.
     *
     * @return each {@code name value} line of {@code chat:stats}
     */
    private static Map<String, Long> stats(DistributionNode node) {
        int from = node.lineCount();
        long start = System.nanoTime();
        testbed.ask(node, "chat:stats", l -> l.startsWith(LAST_STAT), ANSWER);
        slowestAnswerMillis = Math.max(slowestAnswerMillis, (System.nanoTime() - start) / 1_000_000);
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : LanTestbed.since(node.lines(), from)) {
            Matcher m = STAT.matcher(line);
            if (m.matches()) {
                stats.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        return stats;
    }
}
