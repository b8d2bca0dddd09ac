package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.GossipRouterProcess;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Beyond one LAN: alice and carol share a subnet, bob is on another behind a router that forwards unicast but
 * no multicast. Over multicast bob hears nobody; alice and bob switch their running nodes to the JGroups
 * transport ({@code chat:transport jgroups --hosts …}) in the middle of the conversation, keep their rooms, and
 * talk across the router, in an open room and in an encrypted one; alice switches back, and the conversation
 * with carol goes on over multicast.
 */
public class JGroupsAcrossRouterIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(3);

    private static final Duration QUIET = Duration.ofSeconds(3);

    private static DistributionNode alice;
    private static DistributionNode carol;
    private static DistributionNode bob;
    private static final String JGROUPS_CFG = "org.huddle.transport.jgroups-jgroups.cfg";
    /** The nodes start on multicast, though their JGroups instance (holding the secret) is there from the start. */
    private static final String[] ON_MULTICAST = { DistributionNode.ENGINE_CFG };
    private static final Map<String, String> ON_MULTICAST_KEYS = Map.of("transport.target",
            "(huddle.transport.kind=multicast)");
    private static String hosts;
    /** The gossip test's nodes: dora on host 3 (beside the GossipRouter), finn behind the router. */
    private static int finnsHost;

    @BeforeClass
    public static void startNodes() throws IOException {
        int routed = testbed.lan().addRoutedHost();
        finnsHost = testbed.lan().addRoutedHost();
        hosts = testbed.address(1) + "," + testbed.address(routed);
        // the secret is the operator's to set in load/ (chat:transport keeps it when it updates the instance)
        alice = testbed.startNodeWith(1, "alice", Map.of(JGROUPS_CFG, ClusterSecret.jgroupsCfg(hosts), ON_MULTICAST[0],
                ON_MULTICAST_KEYS));
        carol = testbed.startNode(2, "carol");
        bob = testbed.startNodeWith(routed, "bob", Map.of(JGROUPS_CFG, ClusterSecret.jgroupsCfg(hosts), ON_MULTICAST[0],
                ON_MULTICAST_KEYS));
        testbed.awaitNodesReady();
        for (DistributionNode node : List.of(alice, carol, bob)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
            testbed.awaitBoundTransport(node);
        }
    }

    @Test
    public void membersFoundThroughAGossipRouterTalkAcrossTheRouter() throws IOException {
        // a cluster of their own, found through a GossipRouter on dora's host
        try (GossipRouterProcess router = GossipRouterProcess.start(testbed.lan().hostCommandPrefix(3), testbed.address(3), 12001)) {
            Map<String, Map<String, String>> secret = Map.of(JGROUPS_CFG,
                    Map.of("huddle.transport.name", "jgroups", "secret", ClusterSecret.SECRET), ON_MULTICAST[0],
                    ON_MULTICAST_KEYS);
            DistributionNode dora = testbed.startNodeWith(3, "dora", secret);
            DistributionNode finn = testbed.startNodeWith(finnsHost, "finn", secret);
            testbed.awaitNodesReady();
            String gossip = testbed.address(3) + ":12001";
            for (DistributionNode node : List.of(dora, finn)) {
                testbed.ask(node, "chat:join gossip", l -> l.startsWith("joined gossip"));
                int before = node.lineCount();
                testbed.ask(node, "chat:transport jgroups --gossip " + gossip + " --port 7900 --cluster gossiping",
                        l -> l.startsWith("switching to transport jgroups (JGroups over TCP, GossipRouter " + gossip + ")"));
                testbed.awaitLine(node, before, l -> l.startsWith("*** using transport jgroups ("), LanTestbed.STARTUP,
                        node.name() + " to use the JGroups transport");
            }
            int finnBefore = finn.lineCount();
            dora.send("chat:say found through the GossipRouter");
            testbed.awaitLine(finn, finnBefore, l -> l.equals("[gossip] dora: found through the GossipRouter"),
                    LanTestbed.STARTUP, "finn to hear dora, both found through the GossipRouter (" + router.report() + ")");
        }
    }

    @Test
    public void runningNodesSwitchToJGroupsMidConversationAndTalkAcrossTheRouter() {
        // On multicast: carol (same subnet) hears alice, bob (behind the router) does not.
        int carolBefore = carol.lineCount();
        int bobBefore = bob.lineCount();
        alice.send("chat:say on the segment");
        testbed.awaitLine(carol, carolBefore, l -> l.equals("[lobby] alice: on the segment"), LanTestbed.EXCHANGE,
                "carol to hear alice over multicast");
        testbed.assertNoLine(bob::lines, bobBefore, l -> l.contains("on the segment"), QUIET,
                "multicast reaching bob through the router");

        for (DistributionNode node : List.of(alice, bob)) {
            int before = node.lineCount();
            testbed.ask(node, "chat:transport jgroups --hosts " + hosts,
                    l -> l.startsWith("switching to transport jgroups (JGroups over TCP, hosts " + hosts + ")"));
            testbed.awaitLine(node, before, l -> l.startsWith("*** using transport jgroups ("), LanTestbed.STARTUP,
                    node.name() + " to use the JGroups transport");
        }
        String listed = testbed.ask(alice, "chat:transport", l -> l.startsWith("* jgroups"));
        assertEquals("* jgroups  jgroups  ranking 0  in use", listed);
        // Troubleshooting works on the cluster too: bob answers a ping, and the diagnosis speaks of the cluster.
        testbed.ask(alice, "chat:ping --timeout 2000", l -> l.equals("1 replies"));
        testbed.ask(alice, "chat:diagnose --timeout 1500", l -> l.startsWith("ok      peers: 1 answered"));
        assertTrue(testbed.outputs(), alice.lines().stream().anyMatch(l -> l.startsWith("ok      transport: JGroups cluster huddle on TCP "
                + testbed.address(1) + ":7800, sealed with its secret, 2 member(s) (not multicast")));

        bobBefore = bob.lineCount();
        alice.send("chat:say across the router");
        testbed.awaitLine(bob, bobBefore, l -> l.equals("[lobby] alice: across the router"), LanTestbed.EXCHANGE,
                "bob to hear alice over JGroups, rooms kept through the switch");
        int aliceBefore = alice.lineCount();
        bob.send("chat:say and back");
        testbed.awaitLine(alice, aliceBefore, l -> l.equals("[lobby] bob: and back"), LanTestbed.EXCHANGE,
                "alice to hear bob over JGroups");

        // Encrypted end to end: the cluster carries sealed datagrams, and only the passphrase opens them.
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.ask(node, "chat:join --passphrase \"two routed words\" vault", l -> l.startsWith("joined vault"));
        }
        bobBefore = bob.lineCount();
        alice.send("chat:say sealed across the router");
        testbed.awaitLine(bob, bobBefore, l -> l.equals("[vault] alice: sealed across the router"),
                LanTestbed.EXCHANGE, "bob to read the encrypted room over JGroups");

        // Back to multicast: the conversation with carol goes on, and the history has all of it.
        aliceBefore = alice.lineCount();
        testbed.ask(alice, "chat:transport multicast", l -> l.startsWith("switching to the multicast transport"));
        testbed.awaitLine(alice, aliceBefore, l -> l.startsWith("*** using transport default ("), LanTestbed.STARTUP,
                "alice back on multicast");
        carolBefore = carol.lineCount();
        testbed.sayIn(alice, "lobby", "back on the segment");
        testbed.awaitLine(carol, carolBefore, l -> l.equals("[lobby] alice: back on the segment"), LanTestbed.EXCHANGE,
                "carol to hear alice over multicast again");
        List<String> history = alice.history("lobby", 10, LanTestbed.EXCHANGE);
        assertTrue(history.toString(), history.stream().anyMatch(l -> l.endsWith("alice: on the segment"))
                && history.stream().anyMatch(l -> l.endsWith("bob: and back"))
                && history.stream().anyMatch(l -> l.endsWith("alice: back on the segment")));
    }
}
