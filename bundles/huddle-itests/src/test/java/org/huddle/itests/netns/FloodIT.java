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

        int aliceFrom = alice.lineCount();
        int bobFrom = bob.lineCount();
        for (int i = 1; i <= MESSAGES; i++) {
            alice.send(String.format("chat:say f%03d", i));
        }
        String last = String.format("[%s] alice: f%03d", ROOM, MESSAGES);
        testbed.awaitLine(alice, aliceFrom, last::equals, LanTestbed.EXCHANGE, "alice to have said all " + MESSAGES);
        testbed.awaitLine(bob, bobFrom, last::equals, LanTestbed.EXCHANGE, "bob to show alice's last message");
        Map<String, Long> during = stats(bob);
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

        // Once the flood is over, what comes is delivered and nothing more is dropped.
        Map<String, Long> after = stats(bob);
        int afterFrom = bob.lineCount();
        alice.send("chat:say after the flood");
        testbed.awaitLine(bob, afterFrom, ("[" + ROOM + "] alice: after the flood")::equals, LanTestbed.EXCHANGE,
                "bob to show alice's message after the flood");
        assertEquals("no drops once the flood stopped", after.get("dropped.rate-limited"),
                stats(bob).get("dropped.rate-limited"));

        long sent = Long.parseLong(summary.group(1));
        double seconds = Double.parseDouble(summary.group(2));
        long read = after.get("transport.default.datagrams.received") - before.get("transport.default.datagrams.received");
        long limited = after.get("dropped.rate-limited") - before.get("dropped.rate-limited");
        String figures = String.format("flood: %,d datagrams in %.1f s (%s/s, %s send errors); bob's transport read %,d "
                + "(%,.0f/s), dropped %,d as rate-limited, lost %d, NACKs sent %d (%d refused); slowest chat:stats "
                + "answer %d ms", sent, seconds, summary.group(3), summary.group(4), read, read / seconds, limited,
                during.get("delivery.lost"), during.get("delivery.nacks-sent"), during.get("delivery.nacks-refused"),
                slowestAnswerMillis);
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
