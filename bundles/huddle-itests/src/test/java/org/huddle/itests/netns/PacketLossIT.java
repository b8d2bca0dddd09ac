package org.huddle.itests.netns;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.After;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The packet loss of {@link NamespaceLan#loss(int, int)} does what the loss tests and {@link LossBench} take
 * it to do: with all frames to and from host 2 dropped at its bridge port, a message from host 1 does not
 * arrive there; without loss it does; with half dropped, about half of 200 messages arrive, and the
 * bridge's rules counted the drops (so the frames did pass the bridge family's forward hook). The 200 go
 * over a channel with one IPv4 group: on the default channel each message goes to an IPv4 and an IPv6
 * group, and arrives when either copy does (three in four at 50%).
 *
 * <p>Hosts: 1 alice, 2 bob. Each test ends with the loss removed. Needs nftables ({@code .ci/run} installs
 * it); skipped without {@code nft}.
 */
public class PacketLossIT {

    /** How long a message dropped at the bridge must stay unseen: the exchange is local and takes milliseconds. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final int HALF_LOSS_MESSAGES = 200;
    /** One datagram per message: an IPv4 group only. */
    static final String IPV4_ONLY = "--group 239.255.72.71 --port 7451";

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void startNodes() throws IOException {
        Assume.assumeTrue("needs nftables' `nft` to drop packets at the bridge (apt-get install nftables;"
                + " .ci/run installs it); skipped", NamespaceLan.nftAvailable());
        alice = testbed.startNode(1, "alice");
        bob = testbed.startNode(2, "bob");
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
    public void halfLostLetsAboutHalfThrough() throws IOException {
        join(IPV4_ONLY + " ", "half");
        testbed.lan().loss(2, 50);
        int bobFrom = bob.lineCount();
        int aliceFrom = alice.lineCount();
        for (int i = 1; i <= HALF_LOSS_MESSAGES; i++) {
            alice.send(String.format("chat:say h%03d", i));
        }
        String last = String.format("[half] alice: h%03d", HALF_LOSS_MESSAGES);
        testbed.awaitLine(alice, aliceFrom, last::equals, LanTestbed.EXCHANGE, "alice to have sent all " + HALF_LOSS_MESSAGES);
        long dropped = testbed.lan().droppedFrames();
        // Sent with the loss removed, after all the others on the same path: once bob shows it, every
        // message before it has arrived or is lost.
        testbed.lan().loss(2, 0);
        alice.send("chat:say end of half");
        testbed.awaitLine(bob, bobFrom, "[half] alice: end of half"::equals, LanTestbed.EXCHANGE,
                "bob to show the end marker");

        Pattern numbered = Pattern.compile("\\[half\\] alice: h\\d{3}");
        long arrived = LanTestbed.since(bob.lines(), bobFrom).stream().filter(l -> numbered.matcher(l).matches()).count();
        String figures = arrived + " of " + HALF_LOSS_MESSAGES + " arrived; the bridge dropped " + dropped + " frames";
        System.out.println("50% loss: " + figures);
        assertTrue("about half arrive at 50% loss (20% to 80% allowed): " + figures + "\n" + testbed.outputs(),
                arrived >= HALF_LOSS_MESSAGES * 20 / 100 && arrived <= HALF_LOSS_MESSAGES * 80 / 100);
        assertTrue("the bridge's rules dropped the lost ones: " + figures, dropped >= HALF_LOSS_MESSAGES - arrived);
    }

    private static void join(String options, String room) {
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            testbed.ask(node, "chat:join " + options + room, l -> l.startsWith("joined " + room));
        }
    }
}
