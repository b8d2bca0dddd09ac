package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.OriginProgram;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A flood through the bridge: a host on mara's LAN floods the default channel ({@code flood.py}, garbage and
 * forged datagrams of Huddle's format) while mara says {@value #MESSAGES} messages; jon, behind a router on the
 * JGroups cluster, hears them through brig's bridge. Once every relayed datagram reached the cluster as the
 * bridge's (one source for a whole LAN), jon's limit per source dropped mara's messages with the flood (8 of 20
 * arrived); now the bridge holds each LAN host to its rate before relaying, and relays with the origin, so jon's
 * limits apply per LAN host: all of mara's messages arrive. Hosts: 1 mara, 2 brig, 3 the flooder, a routed jon.
 */
public class BridgeFloodIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static final String GROUP = "239.255.72.68";
    private static final int PORT = 7446;
    private static final int MESSAGES = 20;
    /** Over the limits (1,000/s, burst 2,000), what the review flooded with. */
    private static final int FLOOD_RATE = 3000;

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
                "org.huddle.bridge-lan.cfg", Map.of("b.target", "(huddle.transport.name=jgroups)"),
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
        testbed.awaitLine(jon, 0, l -> l.startsWith("*** [lobby] mara "), LanTestbed.STARTUP,
                "jon to hear mara's presence across the bridge");
    }

    @Test
    public void aLanMembersMessagesCrossTheBridgeWhileAnotherLanHostFloodsIt() throws IOException {
        OriginProgram flooder = testbed.startProgram(3, "flood.py", GROUP, String.valueOf(PORT),
                String.valueOf(FLOOD_RATE), "lobby");
        try {
            testbed.awaitLine(flooder, 0, l -> l.startsWith("flooding "), LanTestbed.PROGRAM_START,
                    "the flood to start");
            testbed.awaitLine(flooder, 0, l -> l.startsWith("sent "), LanTestbed.PROGRAM_START,
                    "the flood to go on a second");
            int jonFrom = jon.lineCount();
            for (int i = 1; i <= MESSAGES; i++) {
                mara.send(String.format("chat:say m%02d", i));
            }
            String last = String.format("[lobby] mara: m%02d", MESSAGES);
            testbed.awaitLine(jon, jonFrom, last::equals, LanTestbed.EXCHANGE,
                    "jon to show mara's last message through the flooded bridge");
            long shown = LanTestbed.since(jon.lines(), jonFrom).stream()
                    .filter(l -> l.matches("\\[lobby\\] mara: m\\d\\d")).distinct().count();
            assertEquals(testbed.outputs(), MESSAGES, shown);
            testbed.awaitLine(brig, 0, l -> l.contains("sends more than flood.rate allows"), LanTestbed.EXCHANGE,
                    "brig to say that a host floods");
        } finally {
            flooder.send("stop");
        }
    }
}
