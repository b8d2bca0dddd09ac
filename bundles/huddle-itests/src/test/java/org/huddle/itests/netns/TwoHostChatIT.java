package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Two hosts on one LAN, each running the unpacked distribution with its default configuration: the
 * transport picks its interfaces itself, and must find the LAN interface ({@code lan0}), not fall back to
 * loopback; a message said on one host is shown on the other, both ways.
 *
 * <p>The LAN is a set of network namespaces this test creates and deletes ({@link LanTestbed}); no datagram
 * ever reaches the machine's own interfaces. A plain JUnit 4 test (no Pax Exam container): both nodes are
 * separate JVMs started through {@code ip netns exec <host> bin/huddle} in pipe mode. Needs root and
 * iproute2; skipped otherwise.
 */
public class TwoHostChatIT {

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void startNodes() throws IOException {
        // Nothing configured: the distribution's defaults (every multicast interface, the default group and
        // port) are what is under test.
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();

        // Both transports are bound: then a datagram sent by one is received by the other (the membership is
        // taken when the transport binds).
        for (DistributionNode node : List.of(alice, bob)) {
            testbed.ask(node, "chat:join lobby", l -> l.startsWith("joined lobby"));
            testbed.awaitBoundTransport(node);
        }
    }

    @Test
    public void defaultInterfaceChoiceIsTheLanInterface() {
        for (DistributionNode node : List.of(alice, bob)) {
            String description = testbed.awaitBoundTransport(node);
            assertTrue(node.name() + " describes its transport as bound on " + NamespaceLan.HOST_INTERFACE + " only: "
                    + description + "\n" + testbed.outputs(), description.endsWith(" on " + NamespaceLan.HOST_INTERFACE));
            assertFalse("no loopback fallback: " + description + "\n" + testbed.outputs(),
                    description.contains("loopback"));
        }
    }

    @Test
    public void messagesCrossTheLanBothWays() {
        int bobBefore = bob.lineCount();
        alice.send("chat:say hello from h1");
        testbed.awaitLine(bob, bobBefore, l -> l.equals("[lobby] alice: hello from h1"), LanTestbed.EXCHANGE,
                "bob (h2) to print exactly `[lobby] alice: hello from h1`");

        int aliceBefore = alice.lineCount();
        bob.send("chat:say hello from h2");
        testbed.awaitLine(alice, aliceBefore, l -> l.equals("[lobby] bob: hello from h2"), LanTestbed.EXCHANGE,
                "alice (h1) to print exactly `[lobby] bob: hello from h2`");

        // Once each: one interface, one bridge, no duplicates shown. (Asked after the reply, by which time a
        // duplicate of alice's message would long have arrived.)
        assertEquals("bob shows alice's message once\n" + testbed.outputs(), 1,
                bob.lines().stream().filter(l -> l.equals("[lobby] alice: hello from h1")).count());

        // Over the LAN interface, by the counters of the receiving transports.
        assertTrue("bob's transport received datagrams\n" + testbed.outputs(),
                stat(bob, "transport.default.datagrams.received ") > 0);
        assertTrue("alice's transport received datagrams\n" + testbed.outputs(),
                stat(alice, "transport.default.datagrams.received ") > 0);
    }

    @Test
    public void hostWithoutNetworkFallsBackToLoopback() throws IOException {
        try (DistributionNode carol = testbed.startNode(testbed.lan().addIsolatedHost(), "carol")) {
            testbed.awaitNodesReady();
            String description = testbed.awaitBoundTransport(carol);
            assertTrue("with only lo up, the transport takes the loopback fallback: " + description + "\n"
                    + testbed.outputs(), description.endsWith(" on lo (loopback fallback: no other multicast interface is up)"));
        }
    }

    @Test
    public void dualStackNodesTalkOverIpv4AndIpv6AndShowEachMessageOnce() throws IOException {
        // Two more hosts whose transports send every datagram to an IPv4 and an IPv6 group (a comma list,
        // as an operator would write it in the .cfg file); each message therefore arrives twice.
        Map<String, String> dualStack = Map.of("groups", "239.255.72.68, ff02::4844", "port", "7447");
        try (DistributionNode carol = testbed.startNode(testbed.lan().addConnectedHost(), "carol", dualStack);
                DistributionNode dave = testbed.startNode(testbed.lan().addConnectedHost(), "dave", dualStack)) {
            testbed.awaitNodesReady();
            for (DistributionNode node : List.of(carol, dave)) {
                testbed.ask(node, "chat:join lobby",
                        l -> l.equals("joined lobby on [239.255.72.68, ff02::4844]:7447"));
            }
            int before = dave.lineCount();
            carol.send("chat:say over both families");
            String shown = testbed.awaitLine(dave, before, l -> l.endsWith(": over both families"), LanTestbed.EXCHANGE,
                    "dave to show carol's message");
            // The second copy is recognised by (sender, room, sequence) and counted, not shown.
            testbed.withOutputs(() -> {
                Await.until(LanTestbed.EXCHANGE, () -> stat(dave, "datagrams.duplicate ") >= 1,
                        "the IPv6 copy to arrive too and be counted as a duplicate");
                return null;
            });
            assertEquals("shown once\n" + testbed.outputs(), 1,
                    dave.lines().stream().filter(l -> l.endsWith(": over both families")).count());
            assertEquals("[lobby] carol: over both families", shown);
        }
    }

    private static long stat(DistributionNode node, String key) {
        String line = testbed.ask(node, "chat:stats", l -> l.startsWith(key));
        return Long.parseLong(line.substring(key.length()).strip());
    }
}
