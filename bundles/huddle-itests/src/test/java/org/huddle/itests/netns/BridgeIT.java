package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The bridge: mara is on a multicast LAN and knows nothing of JGroups; jon is behind a router that forwards no
 * multicast, on the JGroups transport; brig, on mara's LAN, runs its engine on multicast and a bridge between
 * multicast and a JGroups transport of its own. mara and jon talk both ways, each message shown once on each
 * side, in an open room and in an encrypted one that brig never joined (the bridge has no key: it relays sealed
 * datagrams as they are).
 */
public class BridgeIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static final Duration QUIET = Duration.ofSeconds(2);

    private static DistributionNode mara;
    private static DistributionNode brig;
    private static DistributionNode jon;

    @BeforeClass
    public static void startNodes() throws IOException {
        int routed = testbed.lan().addRoutedHost();
        String hosts = testbed.address(2) + "," + testbed.address(routed);
        mara = testbed.startNode(1, "mara");
        brig = testbed.startNodeWith(2, "brig", Map.of(
                "org.huddle.transport.jgroups-jgroups.cfg", ClusterSecret.jgroupsCfg(hosts),
                "org.huddle.bridge-lan.cfg", Map.of("a.target", "(huddle.transport.kind=multicast)",
                        "b.target", "(huddle.transport.name=jgroups)"),
                DistributionNode.ENGINE_CFG, Map.of("transport.target", "(huddle.transport.kind=multicast)")));
        jon = testbed.startNodeWith(routed, "jon", Map.of(
                "org.huddle.transport.jgroups-jgroups.cfg", ClusterSecret.jgroupsCfg(hosts),
                DistributionNode.ENGINE_CFG, Map.of("transport.target", "(huddle.transport.kind=jgroups)")));
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(mara, brig, jon)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
        }
        testbed.awaitLine(jon, 0, l -> l.startsWith("*** using transport jgroups ("), LanTestbed.STARTUP,
                "jon on the JGroups transport");
        testbed.awaitBoundTransport(mara);
        testbed.awaitBoundTransport(brig);
        // A message said before the cluster and the bridge connect is lost for good (a receiver's window starts at
        // the first thing it hears of a sender): the tests start once each side has heard the other's presence.
        testbed.awaitLine(jon, 0, l -> l.startsWith("*** [lobby] mara "), LanTestbed.STARTUP,
                "jon to hear mara's presence across the bridge");
        testbed.awaitLine(mara, 0, l -> l.startsWith("*** [lobby] jon "), LanTestbed.STARTUP,
                "mara to hear jon's presence across the bridge");
    }

    @Test
    public void aMulticastNodeAndAJGroupsNodeTalkThroughTheBridgeOnceEachWay() {
        int jonBefore = jon.lineCount();
        int brigBefore = brig.lineCount();
        testbed.sayIn(mara, "lobby", "hello from the LAN");
        testbed.awaitLine(jon, jonBefore, l -> l.equals("[lobby] mara: hello from the LAN"), LanTestbed.STARTUP,
                "jon, behind the router on JGroups, to hear mara through the bridge");
        testbed.awaitLine(brig, brigBefore, l -> l.equals("[lobby] mara: hello from the LAN"), LanTestbed.EXCHANGE,
                "brig, on mara's LAN, to hear her");

        int maraBefore = mara.lineCount();
        testbed.sayIn(jon, "lobby", "hello from the cluster");
        testbed.awaitLine(mara, maraBefore, l -> l.equals("[lobby] jon: hello from the cluster"), LanTestbed.EXCHANGE,
                "mara to hear jon through the bridge");
        testbed.sayIn(brig, "lobby", "and from the bridge node");
        testbed.awaitLine(jon, jonBefore, l -> l.equals("[lobby] brig: and from the bridge node"), LanTestbed.EXCHANGE,
                "jon to hear the bridge's own node");

        // no loop, no duplicate: all through a quiet spell each line is there at most once, then once
        testbed.assertThroughout(QUIET, () -> count(jon, "[lobby] mara: hello from the LAN") <= 1
                && count(mara, "[lobby] jon: hello from the cluster") <= 1
                && count(brig, "[lobby] jon: hello from the cluster") <= 1
                && count(mara, "[lobby] brig: and from the bridge node") <= 1, "each message shown at most once");
        assertEquals(testbed.outputs(), 1, count(jon, "[lobby] mara: hello from the LAN"));
        assertEquals(testbed.outputs(), 1, count(mara, "[lobby] jon: hello from the cluster"));
        assertEquals(testbed.outputs(), 1, count(brig, "[lobby] jon: hello from the cluster"));
        assertEquals(testbed.outputs(), 1, count(mara, "[lobby] brig: and from the bridge node"));
    }

    @Test
    public void anEncryptedRoomCrossesTheBridgeSealed() {
        for (DistributionNode node : List.of(mara, jon)) {
            testbed.ask(node, "chat:join --passphrase \"bridge of sighs\" vault", l -> l.startsWith("joined vault"));
        }
        int jonBefore = jon.lineCount();
        testbed.sayIn(mara, "vault", "only for jon");
        testbed.awaitLine(jon, jonBefore, l -> l.equals("[vault] mara: only for jon"), LanTestbed.STARTUP,
                "jon to read mara's encrypted message, relayed by a bridge without the key");
        int maraBefore = mara.lineCount();
        testbed.sayIn(jon, "vault", "read you");
        testbed.awaitLine(mara, maraBefore, l -> l.equals("[vault] jon: read you"), LanTestbed.EXCHANGE,
                "mara to read jon's answer");
        assertEquals("brig shows nothing of the encrypted room", 0,
                brig.lines().stream().filter(l -> l.contains("only for jon") || l.contains("read you")).count());
    }


    private static long count(DistributionNode node, String line) {
        return node.lines().stream().filter(line::equals).count();
    }
}
