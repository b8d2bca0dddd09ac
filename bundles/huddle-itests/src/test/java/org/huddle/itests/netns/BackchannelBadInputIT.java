package org.huddle.itests.netns;

import java.io.IOException;

import org.huddle.itests.host.DistributionNode;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * What arrives on backchannel's group that Huddle cannot show (a datagram that is not JSON, an object without
 * the three keys) is counted by reason and dropped, and the next good message is shown. A separate LAN from
 * {@link BackchannelWireIT}: these datagrams would kill the receive thread of any backchannel client there.
 *
 * <p>Hosts: 1 alice (Huddle), 2 the sender of the datagrams.
 */
public class BackchannelBadInputIT {

    private static final String GROUP = "224.6.8.11";
    private static final int PORT = 6811;

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static DistributionNode alice;

    @BeforeClass
    public static void startNode() {
        try {
            alice = testbed.startNode(1, "alice");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        testbed.awaitNodesReady();
        testbed.ask(alice, "chat:join --wire backchannel back", l -> l.startsWith("joined back"));
    }

    @Test
    public void badDatagramsAreCountedByReasonAndTheNextGoodOneIsShown() throws IOException {
        testbed.sendDatagram(2, GROUP, PORT, "text", "not json at all");
        testbed.sendDatagram(2, GROUP, PORT, "text", "{\"handle\": \"mallory\", \"content\": \"no client id\"}");
        testbed.sendDatagram(2, GROUP, PORT, "text", "{\"client_id\": 7, \"handle\": \"mallory\", \"content\": \"x\"}");
        int from = alice.lineCount();
        testbed.sendDatagram(2, GROUP, PORT, "backchannel", "grace", "80");
        testbed.awaitLine(alice, from, l -> l.startsWith("[back] grace: xxx"), LanTestbed.EXCHANGE,
                "the good message after the bad ones");
        testbed.ask(alice, "chat:stats", "dropped.not-json 1"::equals);
        testbed.awaitLine(alice, from, "dropped.foreign 1"::equals, LanTestbed.EXCHANGE, "the object without client_id");
        testbed.awaitLine(alice, from, "dropped.invalid-field 1"::equals, LanTestbed.EXCHANGE, "the numeric client_id");
    }
}
