package org.huddle.itests.netns;

import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A node follows its network interface coming and going, without a restart: the transport chooses its
 * interfaces again every {@code interfaces.rescan} seconds (1 here) and moves its sockets when the choice
 * changed.
 *
 * <p>Two hosts on a {@link LanTestbed}, each running the unpacked distribution with the default interface
 * choice. Host 2 ({@code bob}) starts with its LAN link down, so it falls back to loopback and hears nothing
 * of host 1; when the link comes up, it is taken within the rescan period and {@code alice}'s next message
 * is shown. The link is then deleted and a new one (a new veth pair into the bridge, with a new interface
 * index) created, and followed too. Needs root and iproute2; skipped otherwise.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class InterfaceHotplugIT {

    /** From a link change to the transport's move: one rescan period (1 s), generously, for a busy machine. */
    private static final Duration FOLLOW = Duration.ofSeconds(20);

    private static final String DESCRIPTION = "transport.default.description ";
    private static final String ON_LAN = " on " + NamespaceLan.HOST_INTERFACE;
    private static final String ON_FALLBACK = " on lo (loopback fallback: no other multicast interface is up)";
    private static final String LINK = NamespaceLan.HOST_INTERFACE;

    @ClassRule
    public static final LanTestbed testbed = LanTestbed.withHosts(2);

    private static NamespaceLan lan;
    private static String host2;
    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void startNodes() throws IOException {
        lan = testbed.lan();
        host2 = lan.hostNamespace(2);
        // Bob's host boots before its network is there.
        lan.ip(host2, "link", "set", LINK, "down");
        Map<String, String> rescanEverySecond = Map.of("interfaces.rescan", "1");
        alice = testbed.startNode(1, "alice", rescanEverySecond);
        bob = testbed.startNode(2, "bob", rescanEverySecond);
        testbed.awaitNodesReady();
        testbed.ask(alice, "chat:join lobby", l -> l.startsWith("joined lobby"));
        testbed.ask(bob, "chat:join lobby", l -> l.startsWith("joined lobby"));
        awaitDescription(alice, d -> d.endsWith(ON_LAN), LanTestbed.STARTUP, "alice's transport on " + LINK);
    }

    @Test
    public void linkComingUpAfterTheStartIsTakenWithoutARestart() throws IOException {
        // Already so when this test runs first; otherwise the same situation, reached while running.
        lan.ip(host2, "link", "set", LINK, "down");
        awaitDescription(bob, d -> d.endsWith(ON_FALLBACK), FOLLOW,
                "bob on the loopback fallback while " + LINK + " is down");

        // Alice's message goes out (her console shows it after the send), and cannot reach bob.
        say(alice, "while h2 is down");
        testbed.ask(bob, "chat:stats", l -> l.startsWith(DESCRIPTION));
        assertFalse("bob cannot hear alice without a link\n" + testbed.outputs(),
                bob.lines().contains("[lobby] alice: while h2 is down"));

        lan.ip(host2, "link", "set", LINK, "up");
        restoreMulticastRoute();
        awaitDescription(bob, d -> d.endsWith(ON_LAN), FOLLOW, "bob to move to " + LINK + " once it is up");
        hears(bob, alice, "after the link came up");
        hears(alice, bob, "bob is back");
    }

    @Test
    public void linkDeletedAndCreatedAgainIsFollowed() throws IOException {
        lan.ip(host2, "link", "set", LINK, "up");
        restoreMulticastRoute();
        awaitDescription(bob, d -> d.endsWith(ON_LAN), FOLLOW, "bob on " + LINK);

        // The veth pair goes, and with it the bridge port: nothing but lo is left on host 2.
        lan.ip(host2, "link", "del", LINK);
        awaitDescription(bob, d -> d.endsWith(ON_FALLBACK), FOLLOW, "bob on the loopback fallback without " + LINK);

        // A new pair into the bridge under the same name: a new interface index, the same address.
        String port = "hp2";
        lan.ip(host2, "link", "add", LINK, "type", "veth", "peer", "name", port, "netns", lan.bridgeNamespace());
        lan.ip(lan.bridgeNamespace(), "link", "set", port, "master", NamespaceLan.BRIDGE);
        lan.ip(lan.bridgeNamespace(), "link", "set", port, "up");
        lan.ip(host2, "addr", "add", lan.hostAddress(2).orElseThrow() + "/24", "dev", LINK);
        lan.ip(host2, "link", "set", LINK, "up");
        restoreMulticastRoute();
        awaitDescription(bob, d -> d.endsWith(ON_LAN), FOLLOW, "bob to move to the new " + LINK);
        hears(bob, alice, "to the new link");
        hears(alice, bob, "from the new link");
    }

    /** The LAN's hosts route multicast to their link; the route goes when the link goes down. */
    private static void restoreMulticastRoute() throws IOException {
        lan.ip(host2, "route", "replace", "224.0.0.0/4", "dev", LINK);
    }

    /** Says something and waits for the speaker's own console line, shown once it is sent. */
    private static void say(DistributionNode speaker, String text) {
        String handle = speaker == alice ? "alice" : "bob";
        testbed.ask(speaker, "chat:say " + text, l -> l.equals("[lobby] " + handle + ": " + text));
    }

    private static void hears(DistributionNode listener, DistributionNode speaker, String text) {
        String handle = speaker == alice ? "alice" : "bob";
        int before = listener.lineCount();
        speaker.send("chat:say " + text);
        String line = "[lobby] " + handle + ": " + text;
        testbed.awaitLine(listener, before, l -> l.equals(line), LanTestbed.EXCHANGE, line + " on " + listener.name());
    }

    /**
     * Asks {@code chat:stats} every half second until the default transport's description matches: a move
     * happens at the next rescan, not at once.
     */
    private static String awaitDescription(DistributionNode node, Predicate<String> match, Duration timeout,
            String what) {
        AtomicInteger from = new AtomicInteger();
        AtomicReference<String> found = new AtomicReference<>();
        return testbed.withOutputs(() -> {
            Await.retrying(timeout, Duration.ofMillis(500), attempt -> {
                from.set(node.lineCount());
                node.send("chat:stats");
            }, () -> {
                List<String> lines = node.lines();
                for (String l : lines.subList(Math.min(from.get(), lines.size()), lines.size())) {
                    if (l.startsWith(DESCRIPTION) && match.test(l.substring(DESCRIPTION.length()))) {
                        found.set(l.substring(DESCRIPTION.length()));
                        return true;
                    }
                }
                return false;
            }, what);
            return found.get();
        });
    }
}
