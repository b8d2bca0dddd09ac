package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.List;

import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * A room on an IPv6 link-local group of its own (seed 003: IPv6 as a first-class citizen) between two hosts
 * of a LAN of namespaces, each node with the distribution's default configuration: {@code chat:join --group
 * ff02::4845 --port 7448 six} on both, and messages both ways. Not ff02::4844: that group is in the default
 * configuration's channel already.
 *
 * <p>Hosts: 1 alice, 2 bob.
 */
public class Ipv6RoomIT {

    private static final String JOIN = "chat:join --group ff02::4845 --port 7448 six";

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static DistributionNode alice;
    private static DistributionNode bob;
    private static List<String> joined;

    @BeforeClass
    public static void startNodesAndJoin() throws IOException {
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
        testbed.awaitNodesReady();
        joined = List.of(testbed.ask(alice, JOIN, l -> l.startsWith("joined six")),
                testbed.ask(bob, JOIN, l -> l.startsWith("joined six")));
    }

    @Test
    public void joinNamesTheIpv6GroupAndPort() {
        for (String answer : joined) {
            assertEquals(answer + "\n" + testbed.outputs(), "joined six on [ff02::4845]:7448", answer);
        }
    }

    @Test
    public void messagesCrossTheIpv6RoomBothWays() {
        int bobFrom = bob.lineCount();
        alice.send("chat:say hello over IPv6");
        testbed.awaitLine(bob, bobFrom, "[six] alice: hello over IPv6"::equals, LanTestbed.EXCHANGE,
                "bob to show alice's message in the IPv6 room");

        int aliceFrom = alice.lineCount();
        bob.send("chat:say hello back over IPv6");
        testbed.awaitLine(alice, aliceFrom, "[six] bob: hello back over IPv6"::equals, LanTestbed.EXCHANGE,
                "alice to show bob's message in the IPv6 room");
    }
}
