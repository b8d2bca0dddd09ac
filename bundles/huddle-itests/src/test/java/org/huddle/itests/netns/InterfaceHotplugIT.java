package org.huddle.itests.netns;

import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.huddle.itests.Await;
import org.huddle.itests.host.DistributionNode;
import org.huddle.itests.host.NamespaceLan;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

/**
 * A node follows its network interface coming and going, without a restart: the transport chooses its
 * interfaces again every {@code interfaces.rescan} seconds (1 here) and moves its sockets when the choice
 * changed.
 *
 * <p>Two hosts on a {@link NamespaceLan}, each running the unpacked distribution with the default interface
 * choice. Host 2 ({@code bob}) starts with its LAN link down, so it falls back to loopback and hears nothing
 * of host 1; when the link comes up, it is taken within the rescan period and {@code alice}'s next message
 * is shown. The link is then deleted and a new one (a new veth pair into the bridge, with a new interface
 * index) created, and followed too. Needs root and iproute2; skipped otherwise.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class InterfaceHotplugIT {

    /** A fresh JVM and Felix per node, two at once on a busy two-core build machine. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** From a command to its answer, or from a say to the other host's line. */
    private static final Duration EXCHANGE = Duration.ofSeconds(20);
    /** From a link change to the transport's move: one rescan period (1 s), generously, for a busy machine. */
    private static final Duration FOLLOW = Duration.ofSeconds(20);

    private static final String DESCRIPTION = "transport.default.description ";
    private static final String ON_LAN = " on " + NamespaceLan.HOST_INTERFACE;
    private static final String ON_FALLBACK = " on lo (loopback fallback: no other multicast interface is up)";
    private static final String LINK = NamespaceLan.HOST_INTERFACE;

    private static NamespaceLan lan;
    private static String host2;
    private static DistributionNode alice;
    private static DistributionNode bob;

    @BeforeClass
    public static void buildLanAndStartNodes() throws IOException {
        Assume.assumeTrue("needs root to create network namespaces; skipped", NamespaceLan.isRoot());
        Assume.assumeTrue("needs iproute2's `ip` on the PATH to create network namespaces; skipped",
                NamespaceLan.ipAvailable());
        Optional<String> denied = NamespaceLan.probe();
        Assume.assumeTrue("cannot create network namespaces here (" + denied.orElse("") + "); skipped",
                denied.isEmpty());
        Path distribution = DistributionNode.distribution();

        lan = NamespaceLan.create(2);
        host2 = lan.hostNamespace(2);
        // Bob's host boots before its network is there.
        lan.ip(host2, "link", "set", LINK, "down");
        Map<String, String> rescanEverySecond = Map.of("interfaces.rescan", "1");
        alice = DistributionNode.from(distribution).name("alice@h1").commandPrefix(lan.hostCommandPrefix(1))
                .configure(DistributionNode.TRANSPORT_CFG, rescanEverySecond).start();
        bob = DistributionNode.from(distribution).name("bob@h2").commandPrefix(lan.hostCommandPrefix(2))
                .configure(DistributionNode.TRANSPORT_CFG, rescanEverySecond).start();

        expectAnswer(alice, "chat:nick alice", l -> l.equals("you are now alice"), STARTUP);
        expectAnswer(bob, "chat:nick bob", l -> l.equals("you are now bob"), STARTUP);
        expectAnswer(alice, "chat:join lobby", l -> l.startsWith("joined lobby"), EXCHANGE);
        expectAnswer(bob, "chat:join lobby", l -> l.startsWith("joined lobby"), EXCHANGE);
        awaitDescription(alice, d -> d.endsWith(ON_LAN), STARTUP, "alice's transport on " + LINK);
    }

    @AfterClass
    public static void stopNodesAndDeleteLan() {
        if (alice != null || bob != null) {
            System.out.println(outputs());
        }
        try {
            if (alice != null) {
                alice.close();
            }
        } finally {
            try {
                if (bob != null) {
                    bob.close();
                }
            } finally {
                if (lan != null) {
                    lan.close();
                }
            }
        }
    }

    @Test
    public void linkComingUpAfterTheStartIsTakenWithoutARestart() throws IOException {
        // Already so when this test runs first; otherwise the same situation, reached while running.
        lan.ip(host2, "link", "set", LINK, "down");
        awaitDescription(bob, d -> d.endsWith(ON_FALLBACK), FOLLOW,
                "bob on the loopback fallback while " + LINK + " is down");

        // Alice's message goes out (her console shows it after the send), and cannot reach bob.
        say(alice, "while h2 is down");
        expectAnswer(bob, "chat:stats", l -> l.startsWith(DESCRIPTION), EXCHANGE);
        assertFalse("bob cannot hear alice without a link\n" + outputs(),
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
        expectAnswer(speaker, "chat:say " + text, l -> l.equals("[lobby] " + handle + ": " + text), EXCHANGE);
    }

    private static void hears(DistributionNode listener, DistributionNode speaker, String text) {
        String handle = speaker == alice ? "alice" : "bob";
        int before = listener.lineCount();
        speaker.send("chat:say " + text);
        String line = "[lobby] " + handle + ": " + text;
        withOutputs(() -> listener.awaitLineAfter(before, l -> l.equals(line), EXCHANGE));
    }

    /**
     * Asks {@code chat:stats} every half second until the default transport's description matches: a move
     * happens at the next rescan, not at once.
     */
    private static String awaitDescription(DistributionNode node, Predicate<String> match, Duration timeout,
            String what) {
        AtomicInteger from = new AtomicInteger();
        AtomicReference<String> found = new AtomicReference<>();
        return withOutputs(() -> {
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

    private static String expectAnswer(DistributionNode node, String command, Predicate<String> answer,
            Duration timeout) {
        return withOutputs(() -> node.ask(command, answer, timeout));
    }

    /** Runs a wait; when it fails, the message carries what both nodes printed. */
    private static String withOutputs(Supplier<String> wait) {
        try {
            return wait.get();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + outputs(), e);
        }
    }

    private static String outputs() {
        List<String> parts = new ArrayList<>();
        parts.add("LAN: " + lan);
        for (DistributionNode node : new DistributionNode[] { alice, bob }) {
            if (node != null) {
                parts.add("--- output of " + node.name() + " (alive: " + node.isAlive() + ") ---\n" + node.output());
            }
        }
        return String.join("\n", parts);
    }
}
