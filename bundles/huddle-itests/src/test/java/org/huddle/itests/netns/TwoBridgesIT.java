package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Two bridges between the same LAN and the same cluster (two offices each setting one up, or a spare): a
 * datagram relayed by one comes back to the other on the far side. Without the bridges' memory of what they
 * relayed they would pass it back and forth for ever; with it, every message is shown once, and the duplicates
 * the nodes see stay a handful (one copy per extra bridge), not a storm.
 */
public class TwoBridgesIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static final Duration QUIET = Duration.ofSeconds(3);
    /** One extra copy per message through the second bridge, for the few messages (and hellos) of this test. */
    private static final long FEW = 60;

    private static DistributionNode mara;
    private static DistributionNode jon;

    @BeforeClass
    public static void startNodes() throws IOException {
        int routed = testbed.lan().addRoutedHost();
        String hosts = testbed.address(2) + "," + testbed.address(3) + "," + testbed.address(routed);
        mara = testbed.startNode(1, "mara");
        DistributionNode brig = bridge(2, "brig", hosts);
        DistributionNode bram = bridge(3, "bram", hosts);
        jon = testbed.startNodeWith(routed, "jon", Map.of(
                "org.huddle.transport.jgroups-jgroups.cfg", ClusterSecret.jgroupsCfg(hosts),
                DistributionNode.ENGINE_CFG, Map.of("transport.target", "(huddle.transport.kind=jgroups)")));
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(mara, brig, bram, jon)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
        }
        testbed.awaitLine(jon, 0, l -> l.startsWith("*** using transport jgroups ("), LanTestbed.STARTUP,
                "jon on the JGroups transport");
        // A message said before the cluster and the bridge connect is lost for good (a receiver's window starts at
        // the first thing it hears of a sender): the tests start once each side has heard the other's presence.
        testbed.awaitLine(jon, 0, l -> l.startsWith("*** [lobby] mara "), LanTestbed.STARTUP,
                "jon to hear mara's presence across the bridge");
        testbed.awaitLine(mara, 0, l -> l.startsWith("*** [lobby] jon "), LanTestbed.STARTUP,
                "mara to hear jon's presence across the bridge");
    }

    private static DistributionNode bridge(int host, String handle, String hosts) throws IOException {
        return testbed.startNodeWith(host, handle, Map.of(
                "org.huddle.transport.jgroups-jgroups.cfg", ClusterSecret.jgroupsCfg(hosts),
                "org.huddle.bridge-lan.cfg", Map.of("b.target", "(huddle.transport.name=jgroups)"),
                DistributionNode.ENGINE_CFG, Map.of("transport.target", "(huddle.transport.kind=multicast)")));
    }

    @Test
    public void twoBridgesRelayEachMessageWithoutLoopingIt() {
        for (int i = 1; i <= 3; i++) {
            int jonBefore = jon.lineCount();
            testbed.sayIn(mara, "lobby", "from the LAN " + i);
            String shown = "[lobby] mara: from the LAN " + i;
            testbed.awaitLine(jon, jonBefore, shown::equals, LanTestbed.STARTUP, "jon to hear mara's message " + i);
            int maraBefore = mara.lineCount();
            testbed.sayIn(jon, "lobby", "from the cluster " + i);
            String answer = "[lobby] jon: from the cluster " + i;
            testbed.awaitLine(mara, maraBefore, answer::equals, LanTestbed.EXCHANGE, "mara to hear jon's answer " + i);
        }
        testbed.assertThroughout(QUIET, () -> IntStream.rangeClosed(1, 3).allMatch(
                i -> count(jon, "[lobby] mara: from the LAN " + i) <= 1 && count(mara, "[lobby] jon: from the cluster " + i) <= 1),
                "each message shown at most once while any loop would show");
        for (int i = 1; i <= 3; i++) {
            String shown = "[lobby] mara: from the LAN " + i;
            String answer = "[lobby] jon: from the cluster " + i;
            assertEquals(testbed.outputs(), 1, jon.lines().stream().filter(shown::equals).count());
            assertEquals(testbed.outputs(), 1, mara.lines().stream().filter(answer::equals).count());
        }
        for (DistributionNode node : List.of(mara, jon)) {
            long first = duplicates(node);
            assertTrue(node.name() + ": a handful of duplicates, not a storm: " + first + "\n" + testbed.outputs(),
                    first < FEW);
            testbed.assertThroughout(QUIET, () -> duplicates(node) == first,
                    node.name() + ": no duplicates arriving in a quiet spell (no datagram circles), from " + first);
        }
    }

    private static long count(DistributionNode node, String line) {
        return node.lines().stream().filter(line::equals).count();
    }

    private static long duplicates(DistributionNode node) {
        String line = testbed.ask(node, "chat:stats", l -> l.startsWith("datagrams.duplicate "));
        return Long.parseLong(line.substring("datagrams.duplicate ".length()).strip());
    }
}
