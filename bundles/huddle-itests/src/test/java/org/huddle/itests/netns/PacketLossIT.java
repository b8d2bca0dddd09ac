package org.huddle.itests.netns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.regex.Pattern;

import org.huddle.itests.Environment;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.After;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The packet loss of {@link NamespaceLan#loss(int, int)} does what the loss tests and {@link LossBench} take
 * it to do: with all frames to and from host 2 dropped at its bridge port, a message from host 1 does not
 * arrive there, and without loss it does; and Huddle's repair (NACKs, retransmission) gets all of 500
 * messages through once and in order with 30% of the frames dropped both ways at bob's port, while the
 * bridge's rules counted the drops (so the frames did pass the bridge family's forward hook). The 500 go
 * over a channel with one IPv4 group, one datagram each: on the default channel a message arrives when
 * either of its two copies does, which would hide most of the loss.
 *
 * <p>Hosts: 1 alice, 2 bob. Each test ends with the loss removed. Needs nftables ({@code .ci/run} installs
 * it); skipped without {@code nft}.
 */
public class PacketLossIT {

    /** How long a message dropped at the bridge must stay unseen: the exchange is local and takes milliseconds. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final int REPAIRED_MESSAGES = 500;
    /**
     * Bob's hold time for gaps: at 30% loss both ways a NACK round trip succeeds about half the time, so
     * even with a round only every 200 ms (delivery.retry is 50 by default), 5 s leaves one of the 500
     * unrepaired with a chance of about 1 in 10^5.
     */
    private static final String HOLD_MILLIS = "5000";
    /** One datagram per message: an IPv4 group only. */
    static final String IPV4_ONLY = "--group 239.255.72.71 --port 7451";

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void startNodes() throws IOException {
        Environment.require("needs nftables' `nft` to drop packets at the bridge (apt-get install nftables;"
                + " .ci/run installs it)", NamespaceLan.nftAvailable());
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob", Map.of(), Map.of("delivery.hold", HOLD_MILLIS));
        testbed.awaitNodesReady();
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            testbed.awaitBoundTransport(node);
        }
    }

    @After
    public void noLoss() throws IOException {
        testbed.lan().loss(2, 0);
    }

    @Test
    public void allLostKeepsAMessageAwayAndNoneLostLetsItThrough() throws IOException {
        join("", "cut");
        testbed.lan().loss(2, 100);
        int bobFrom = bob.lineCount();
        // alice shows her own message once it is sent, and the bridge forwards a datagram within the send
        // call: from then on it is either at bob's or dropped.
        testbed.ask(alice, "chat:say dropped at the bridge", "[cut] alice: dropped at the bridge"::equals);
        testbed.assertNoLine(bob::lines, bobFrom, l -> l.contains("dropped at the bridge"), QUIET,
                "`dropped at the bridge` on bob's side with 100% loss at his port\n" + testbed.lan().lossRules());
        assertTrue("the bridge counted the drop\n" + testbed.lan().lossRules() + "\n" + testbed.outputs(),
                testbed.lan().droppedFrames() >= 1);

        testbed.lan().loss(2, 0);
        alice.send("chat:say through again");
        testbed.awaitLine(bob, bobFrom, "[cut] alice: through again"::equals, LanTestbed.EXCHANGE,
                "bob to show alice's message once the loss is removed");
    }

    @Test
    public void thirtyPercentLostBothWaysIsRepairedAndArrivesOnceInOrder() throws IOException {
        join(IPV4_ONLY + " ", "rep");
        long droppedBefore = testbed.lan().droppedFrames();
        testbed.lan().loss(2, 30);
        int bobFrom = bob.lineCount();
        int aliceFrom = alice.lineCount();
        for (int i = 1; i <= REPAIRED_MESSAGES; i++) {
            alice.send(String.format("chat:say r%03d", i));
        }
        String last = String.format("[rep] alice: r%03d", REPAIRED_MESSAGES);
        testbed.awaitLine(alice, aliceFrom, last::equals, LanTestbed.EXCHANGE, "alice to have sent all " + REPAIRED_MESSAGES);
        // The last messages' loss shows only when a later one arrives: a marker, still under loss.
        alice.send("chat:say end of rep");
        testbed.awaitLine(bob, bobFrom, "[rep] alice: end of rep"::equals, LanTestbed.EXCHANGE,
                "bob to show the end marker");
        long dropped = testbed.lan().droppedFrames() - droppedBefore;

        Pattern numbered = Pattern.compile("\\[rep\\] alice: r\\d{3}");
        List<String> shown = LanTestbed.since(bob.lines(), bobFrom).stream().filter(l -> numbered.matcher(l).matches())
                .toList();
        List<String> expected = IntStream.rangeClosed(1, REPAIRED_MESSAGES)
                .mapToObj(i -> String.format("[rep] alice: r%03d", i)).toList();
        String figures = shown.size() + " of " + REPAIRED_MESSAGES + " shown; the bridge dropped " + dropped + " frames";
        System.out.println("30% loss, repaired: " + figures);
        assertEquals(figures + "\n" + testbed.outputs(), expected, shown);
        assertTrue("the bridge dropped frames, so repair was needed: " + figures, dropped > REPAIRED_MESSAGES / 10);
    }

    private static void join(String options, String room) {
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            testbed.ask(node, "chat:join " + options + room, l -> l.startsWith("joined " + room));
        }
    }
}
